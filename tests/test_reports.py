"""Reports and documents: filters, files with their SHA-256, and schema.org data."""

import hashlib
import json
import re

import pytest

from app.demo.pdf import simple_pdf
from app.editing.services import publish_record
from app.extensions import db
from app.reports.models import Report
from app.uploads.services import store_attachment
from tests.transparency_helpers import make_report


@pytest.fixture
def reports(app):
    with app.app_context():
        make_report("annual-2024", "Annual report 2024", "annual", "2025-03-01")
        make_report("finance-2024", "Financial statement 2024", "financial", "2025-03-20")
        make_report("annual-2023", "Annual report 2023", "annual", "2024-03-01")
        make_report("draft-plan", "Draft strategy", "policy", "2025-04-01", publish=False)


def titles(html: str) -> list[str]:
    return re.findall(r'<a href="/reports/[^"]+/">([^<]+)</a>', html)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Financial statement 2024", "Annual report 2024", "Annual report 2023"]),
        ("?type=annual", ["Annual report 2024", "Annual report 2023"]),
        ("?year=2024", ["Annual report 2023"]),
        ("?type=financial&year=2025", ["Financial statement 2024"]),
        ("?type=policy", []),
    ],
)
def test_reports_filter_by_type_and_year(client, reports, query, expected):
    html = client.get(f"/reports/{query}").get_data(as_text=True)
    assert titles(html) == expected
    fragment = client.get(f"/reports/{query}", headers={"HX-Request": "true"})
    assert fragment.get_data(as_text=True).lstrip().startswith('<div id="results">')
    assert titles(fragment.get_data(as_text=True)) == expected
    assert "HX-Request" in fragment.headers["Vary"]


def test_a_report_page_lists_its_files_with_their_sha256(app, client):
    pdf = simple_pdf("Annual report", ["Results"])
    with app.app_context():
        report_id = make_report("annual-2024", "Annual report 2024", sdgs=[6, 13],
                                period_start="2024-01-01", period_end="2024-12-31",
                                language="vi")  # fmt: skip
        report = db.session.get(Report, report_id)
        attachment = store_attachment(report, pdf, "annual.pdf", None)
        publish_record(report, None)  # a file is public once the record is published
        file_url = f"/files/{attachment.id}/annual.pdf"

    html = client.get("/reports/annual-2024/").get_data(as_text=True)
    assert hashlib.sha256(pdf).hexdigest() in html
    assert file_url in html
    assert "1 January 2024 – 31 December 2024" in html
    assert "SDG 6: Clean water and sanitation" in html
    assert "Vietnamese" in html
    download = client.get(file_url)
    assert download.data == pdf
    download.close()


def test_the_reports_data_file_gives_each_report_its_own_files(app, client, reports):
    pdf = simple_pdf("Annual report", ["Results"])
    with app.app_context():
        annual = db.session.scalar(db.select(Report).where(Report.slug == "annual-2024"))
        attachment = store_attachment(annual, pdf, "annual.pdf", None)
        publish_record(annual, None)
        file_url = f"http://localhost/files/{attachment.id}/annual.pdf"

    rows = json.loads(client.get("/data/reports.json").get_data(as_text=True))["records"]
    by_slug = {row["slug"]: row for row in rows}
    assert set(by_slug) == {"annual-2024", "finance-2024", "annual-2023"}
    assert by_slug["annual-2024"]["files"] == [file_url]
    assert by_slug["annual-2024"]["file_sha256"] == [hashlib.sha256(pdf).hexdigest()]
    assert by_slug["finance-2024"]["files"] == [] and by_slug["annual-2023"]["files"] == []


def structured_data(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


def test_structured_data_describes_the_report_and_cannot_break_out(app, client):
    title = 'Report </script><script>alert("x")</script> & more'
    with app.app_context():
        report_id = make_report("tricky", title, "evaluation", "2025-02-01")
        report = db.session.get(Report, report_id)
        store_attachment(report, simple_pdf("E", ["E"]), "e.pdf", None)
        publish_record(report, None)

    html = client.get("/reports/tricky/").get_data(as_text=True)
    assert "<script>alert" not in html
    data = structured_data(html)
    assert data["@type"] == "Report"
    assert data["name"] == title
    assert data["datePublished"] == "2025-02-01"
    assert (
        data["associatedMedia"][0]["sha256"] == hashlib.sha256(simple_pdf("E", ["E"])).hexdigest()
    )


def test_unpublished_reports_and_their_files_stay_private(app, client, reports):
    with app.app_context():
        draft = db.session.scalar(db.select(Report).where(Report.slug == "draft-plan"))
        attachment = store_attachment(draft, simple_pdf("Draft", ["x"]), "draft.pdf", None)
        db.session.commit()
        file_url = f"/files/{attachment.id}/draft.pdf"
    assert client.get("/reports/draft-plan/").status_code == 404
    assert client.get(file_url).status_code == 404
    assert "Draft strategy" not in client.get("/reports/").get_data(as_text=True)
    assert "Draft strategy" not in client.get("/data/reports.csv").get_data(as_text=True)
