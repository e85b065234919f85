"""Bulk directory data: the checked CSV import, the CSV export and the Popolo JSON."""

import csv
import io
import json

import pytest
from sqlalchemy import func, select

from app.editing.models import Revision
from app.editing.services import purge_record, trash_record
from app.extensions import db
from app.partners.models import Partner
from tests.editing_helpers import signed_in_client
from tests.partners_helpers import make_partner, organisation_count

HEADER = "name,slug,stakeholder_group,country,sdgs,contributions,role\n"
BROKEN = (
    HEADER
    + "Good One,good-one,civil-society,VN,6;13,expertise: maps,member\n"
    + "Nowhere Org,nowhere,civil-society,Atlantis,6,,member\n"
    + "Pirates Inc,pirates,pirates,KH,,,member\n"
    + "Good Two,good-one,academia,LA,,,member\n"
    + ",no-name,media,TH,,,member\n"
)


def revision_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Revision))


def test_a_broken_csv_is_reported_row_by_row_and_nothing_is_written(app, runner, tmp_path):
    path = tmp_path / "partners.csv"
    path.write_text(BROKEN, encoding="utf-8")

    result = runner.invoke(args=["import-partners", str(path)])

    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert any(
        line.startswith("Row 3 (Nowhere Org): country:") and "Atlantis" in line for line in lines
    )
    assert any(line.startswith("Row 4 (Pirates Inc): stakeholder_group:") for line in lines)
    assert any(line.startswith("Row 5 (Good Two): slug:") and "row 2" in line for line in lines)
    assert any(line.startswith("Row 6 (no-name): name:") for line in lines)
    assert not any(line.startswith("Row 2 ") for line in lines)
    assert "4 of 5 rows have problems. Nothing was written." in result.output
    assert organisation_count(app) == 0
    assert revision_count(app) == 0


def test_a_dry_run_of_a_good_file_writes_nothing_and_a_real_run_writes_all(app, runner, tmp_path):
    path = tmp_path / "partners.csv"
    path.write_text(
        HEADER
        + "Delta Union,,Civil society / NGO,Viet Nam,6;13,"
        + '"expertise: maps\nfinancial: grants",Core group\n'
        + "Lao Lab,lao-lab,academia,LAO,4,,observer\n",
        encoding="utf-8",
    )
    dry = runner.invoke(args=["import-partners", str(path), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "All 2 rows are valid. Nothing was written" in dry.output
    assert organisation_count(app) == 0

    real = runner.invoke(args=["import-partners", str(path), "--publish"])
    assert real.exit_code == 0, real.output
    with app.app_context():
        union = db.session.scalar(select(Partner).where(Partner.slug == "delta-union"))
        assert union.stakeholder_group == "civil-society" and union.role == "core-group"
        assert union.country == "VN" and union.region == "South-eastern Asia"
        assert union.sdgs == [6, 13]
        assert union.contributions == [
            {"type": "expertise", "description": "maps"},
            {"type": "financial", "description": "grants"},
        ]
        assert union.is_published


def test_a_semicolon_separated_file_from_a_spreadsheet_is_read(app, runner, tmp_path):
    path = tmp_path / "partners.csv"
    content = 'name;stakeholder_group;country;sdgs\r\nĐồng Tháp Farmers;civil-society;VN;"2;6"\r\n'
    path.write_bytes(content.encode("utf-8-sig"))
    result = runner.invoke(args=["import-partners", str(path)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        organisation = db.session.scalar(select(Partner))
        assert organisation.slug == "dong-thap-farmers" and organisation.sdgs == [2, 6]


def test_an_import_that_fails_part_way_leaves_nothing_behind(app, monkeypatch):
    from app.partners import csvdata

    real_create = csvdata.create_record
    calls = []

    def failing_create(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("the disk is full")
        return real_create(*args, **kwargs)

    monkeypatch.setattr(csvdata, "create_record", failing_create)
    good = HEADER + "One,one,media,TH,,,member\nTwo,two,media,TH,,,member\n"
    with app.app_context(), pytest.raises(RuntimeError):
        csvdata.import_csv(good.encode(), None, publish=True)
    assert organisation_count(app) == 0


def test_a_slug_already_in_the_directory_is_reported(app, runner, tmp_path):
    make_partner(app, slug="taken")
    path = tmp_path / "partners.csv"
    path.write_text(HEADER + "Someone,taken,media,TH,,,member\n", encoding="utf-8")
    result = runner.invoke(args=["import-partners", str(path)])
    assert result.exit_code == 1
    assert "Row 2 (Someone): slug: Another organisation already uses this address." in result.output


def test_export_and_import_give_back_the_same_directory(app, runner, client, tmp_path):
    make_partner(
        app,
        name='Cần Thơ Water, "Users"',
        short_name="CTW",
        slug="ctw",
        country="VN",
        city="Cần Thơ",
        website="https://ctw.example.org/",
        description="Line one.\n\nLine, two;",
        sdgs=[6, 13],
        sdg_targets=["6.1", "13.a"],
        focus_areas=["rice", "flood risk"],
        role="core-group",
        joined_on="2020-02-03",
        left_on="2024-05-06",
        contributions=[
            {"type": "in-kind", "description": "rooms; coffee"},
            {"type": "data", "description": "gauges"},
        ],
        contact_name="Lan",
        contact_name_public=True,
        contact_role="Chair",
        contact_email="lan@ctw.example.org",
        contact_email_visibility="public",
        contact_phone="+84 1",
        contact_phone_public=True,
        languages=["vi", "en"],
        last_confirmed_on="2025-01-01",
        stakeholder_group="local-authority",
    )
    make_partner(
        app,
        name='=HYPERLINK("http://x.example")',
        slug="quiet",
        contact_name="Private",
        contact_email="p@q.org",
    )
    make_partner(app, name="Unpublished", slug="unpublished", publish=False)

    first = runner.invoke(args=["export-partners"])
    assert first.exit_code == 0
    rows = {row["slug"]: row for row in csv.DictReader(io.StringIO(first.output))}
    assert set(rows) == {"ctw", "quiet"}  # published only
    assert rows["quiet"]["contact_name"] == "" and rows["quiet"]["contact_email"] == ""
    # Spreadsheets show these as text instead of running them as formulas.
    assert rows["quiet"]["name"] == '\'=HYPERLINK("http://x.example")'
    assert rows["ctw"]["contact_phone"] == "'+84 1"
    assert rows["ctw"]["sdgs"] == "6;13" and rows["ctw"]["region"] == "South-eastern Asia"
    # The open data download is the same file, read from the rows rather than the records.
    download = client.get("/data/partners.csv").get_data(as_text=True)
    assert list(csv.DictReader(io.StringIO(download))) == list(rows.values())

    with app.app_context():
        for organisation in db.session.scalars(select(Partner)).all():
            trash_record(organisation, None)
            purge_record(organisation, None)
    path = tmp_path / "export.csv"
    path.write_text(first.output, encoding="utf-8")
    imported = runner.invoke(args=["import-partners", str(path), "--publish"])
    assert imported.exit_code == 0, imported.output

    again = runner.invoke(args=["export-partners", "--out", str(tmp_path / "again.csv")])
    assert again.exit_code == 0
    assert (tmp_path / "again.csv").read_text(encoding="utf-8") == first.output


def test_open_data_offers_popolo_json_of_published_partners(client, app):
    make_partner(
        app,
        name="Delta Union",
        short_name="DU",
        slug="du",
        role="lead",
        joined_on="2019-03-01",
        stakeholder_group="civil-society",
        country="VN",
        contact_email="du@x.org",
        contact_email_visibility="public",
        sdgs=[13, 6],
    )
    make_partner(app, name="Draft", slug="draft-one", publish=False)

    page = client.get("/data/").get_data(as_text=True)
    assert 'href="/data/partners.csv"' in page and 'href="/data/partners.json"' in page

    response = client.get("/data/partners.json")
    assert response.mimetype == "application/json"
    document = json.loads(response.get_data(as_text=True))
    partnership, organisation = document["organizations"]
    assert partnership["id"] == "partnership"
    assert organisation["id"] == "du" and organisation["name"] == "Delta Union"
    assert organisation["other_names"] == [{"name": "DU", "note": "short name"}]
    assert organisation["classification"] == "Civil society / NGO"
    assert organisation["sdgs"] == [6, 13] and organisation["region"] == "South-eastern Asia"
    assert {"url": "http://localhost/partners/du/", "note": "directory entry"} in organisation[
        "links"
    ]
    assert {"type": "email", "label": "contact", "value": "du@x.org"} in organisation[
        "contact_details"
    ]
    (membership,) = document["memberships"]
    assert membership["member"] == {"@type": "Organization", "id": "du"}
    assert membership["organization_id"] == "partnership"
    assert membership["role"] == "Lead" and membership["start_date"] == "2019-03-01"

    csv_response = client.get("/data/partners.csv")
    assert csv_response.mimetype == "text/csv"
    assert "draft-one" not in csv_response.get_data(as_text=True)
    assert client.get("/data/nothing.csv").status_code == 404


def test_partners_json_keeps_the_partners_own_letters_and_punctuation(client, app):
    description = 'Lúa gạo "sạch" ở Cần Thơ\nline two \\ tab\there </script>'
    make_partner(
        app, name="Hợp tác xã Cần Thơ", slug="htx", city="Cần Thơ", description=description
    )

    text = client.get("/data/partners.json").get_data(as_text=True)
    assert '"name":"Hợp tác xã Cần Thơ"' in text  # as written, not as \u escapes
    (organisation,) = json.loads(text)["organizations"][1:]
    assert organisation["description"] == description
    assert organisation["city"] == "Cần Thơ"


@pytest.fixture
def editor(app, make_user):
    return signed_in_client(app, make_user("editor"))


def upload(editor, content: str, action: str):
    from tests.conftest import csrf_token_from

    token = csrf_token_from(editor.get("/manage/partner/import"))
    return editor.post(
        "/manage/partner/import",
        data={
            "csrf_token": token,
            "file": (io.BytesIO(content.encode()), "partners.csv"),
            "action": action,
            "publish": "y",
        },
        content_type="multipart/form-data",
    )


def test_the_manage_upload_form_reports_problems_and_imports_good_files(app, editor):
    response = upload(editor, BROKEN, "import")
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Nothing was imported" in body
    assert "<td>3</td><td>Nowhere Org</td>" in body
    assert organisation_count(app) == 0

    good = HEADER + "Delta Union,du,civil-society,VN,6,,member\n"
    checked = upload(editor, good, "check")
    assert checked.status_code == 200 and "1 row checked: no problems." in checked.get_data(
        as_text=True
    )
    assert organisation_count(app) == 0
    imported = upload(editor, good, "import")
    assert imported.status_code == 303
    assert organisation_count(app) == 1
