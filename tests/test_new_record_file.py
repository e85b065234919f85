"""A new report's file is chosen on the form that creates it and attached by its first save.

Every check of an upload still holds there; a form refused for another field keeps the
file it was sent with, and says so beside the file field, so it need not be chosen again.
"""

import hashlib
import io
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.reports.models import Report
from app.uploads.models import Attachment
from tests.editing_helpers import form_fields, signed_in_client
from tests.test_editing import tiny_pdf
from tests.test_uploads import png

NEW = "/manage/report/new"


@pytest.fixture
def editor(app, make_user):
    return signed_in_client(app, make_user("editor"))


def report_form(client, **changes) -> dict:
    data = form_fields(client.get(NEW))
    data.update(
        title="Field visit to An Giang",
        slug="field-visit",
        report_type="progress",
        issued_on="2026-10-15",
        language="en",
        summary="What we saw.",
    )
    data.update(changes)
    return data


def send(client, data: dict, file: tuple[bytes, str] | None = None):
    if file is not None:
        data = {**data, "file": (io.BytesIO(file[0]), file[1])}
    return client.post(NEW, data=data, content_type="multipart/form-data")


def stored_files(app) -> list[Path]:
    return sorted(p for p in Path(app.config["UPLOAD_FOLDER"]).rglob("*") if p.is_file())


def reports(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Report))


def test_the_new_form_asks_for_the_file(editor):
    page = editor.get(NEW).get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page
    assert 'type="file"' in page


def test_one_save_creates_the_report_with_its_pdf_and_publishing_shows_it(app, client, editor):
    pdf = tiny_pdf()
    response = send(editor, report_form(editor, action="publish"), (pdf, "field-visit.pdf"))
    assert response.status_code == 303, response.get_data(as_text=True)
    edit_page = editor.get(response.headers["Location"]).get_data(as_text=True)
    assert (
        "Created and published. Attached field-visit.pdf. The public now sees this version"
        in edit_page
    )

    public = client.get("/reports/field-visit/").get_data(as_text=True)
    assert "field-visit.pdf" in public
    assert hashlib.sha256(pdf).hexdigest() in public
    with client.get("/files/1/field-visit.pdf") as download:
        assert download.status_code == 200 and download.data == pdf


def test_a_draft_saved_with_its_file_keeps_the_file_private(client, editor):
    response = send(editor, report_form(editor), (tiny_pdf(), "draft.pdf"))
    assert response.status_code == 303
    assert client.get("/files/1/draft.pdf").status_code == 404
    with editor.get("/files/1/draft.pdf") as own:
        assert own.status_code == 200


def test_a_form_refused_for_another_field_keeps_the_file_and_says_so(app, editor):
    pdf = tiny_pdf()
    refused = send(editor, report_form(editor, title=""), (pdf, "field-visit.pdf"))
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "field-visit.pdf is kept and will be attached when you save." in page
    assert "What we saw." in page
    assert reports(app) == 0

    # Sent again with the title and no file chosen: the kept file is attached.
    again = form_fields(refused)
    assert again["kept_file"]
    saved = send(editor, {**again, "title": "Field visit to An Giang", "report_type": "progress"})
    assert saved.status_code == 303, saved.get_data(as_text=True)
    with app.app_context():
        attachment = db.session.scalars(select(Attachment)).one()
        assert attachment.original_name == "field-visit.pdf"
        assert attachment.sha256 == hashlib.sha256(pdf).hexdigest()
    # Nothing is left aside once attached: one file, the attachment's.
    assert [p.name for p in stored_files(app)] == [attachment.stored_name]


def test_a_refused_file_says_why_and_nothing_is_saved_or_kept(app, editor):
    response = send(editor, report_form(editor), (b"<html><script>1</script></html>", "r.pdf"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "not accepted" in page
    assert 'value="Field visit to An Giang"' in page
    assert reports(app) == 0
    assert stored_files(app) == []


def test_a_pdf_that_runs_javascript_is_refused_on_the_new_form_too(app, editor):
    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter()
    writer.add_blank_page(width=100, height=100)
    writer.root_object[NameObject("/OpenAction")] = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("1")}
    )
    out = io.BytesIO()
    writer.write(out)
    response = send(editor, report_form(editor), (out.getvalue(), "evil.pdf"))
    assert response.status_code == 422
    assert "JavaScript" in response.get_data(as_text=True)
    assert reports(app) == 0 and stored_files(app) == []


@pytest.mark.parametrize("app_config", [{"UPLOAD_MAX_BYTES": 1000}])
def test_the_size_limit_holds_on_the_new_form(app, editor, app_config):
    response = send(editor, report_form(editor), (tiny_pdf() + b"\n%" + b"x" * 2000, "big.pdf"))
    assert response.status_code == 422
    assert "This file is larger than 1 KB" in response.get_data(as_text=True)
    assert reports(app) == 0


def test_an_image_without_a_description_is_kept_while_its_description_is_asked(app, editor):
    refused = send(editor, report_form(editor), (png(), "kiosk.png"))
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "Describe the image" in page
    assert "kiosk.png is kept" in page
    data = {**form_fields(refused), "report_type": "progress", "alt_text": "A water kiosk"}
    assert send(editor, data).status_code == 303
    with app.app_context():
        assert db.session.scalars(select(Attachment.alt_text)).one() == "A water kiosk"


def test_a_kept_file_is_only_ever_given_to_the_person_who_chose_it(app, editor, make_user):
    refused = send(editor, report_form(editor, title=""), (tiny_pdf(), "private.pdf"))
    token = form_fields(refused)["kept_file"]

    other = signed_in_client(app, make_user("editor"))
    response = send(other, report_form(other, kept_file=token))
    assert response.status_code == 422
    assert "The file you chose before is no longer kept. Please choose it again." in (
        response.get_data(as_text=True)
    )
    assert reports(app) == 0

    forged = send(editor, report_form(editor, kept_file=token[:-2] + "xx"))
    assert forged.status_code == 422
    assert "no longer kept" in forged.get_data(as_text=True)


def test_a_file_kept_for_a_form_never_sent_again_is_removed_after_a_day(app, editor):
    import os
    import time

    from app.uploads.pending import PENDING_MAX_AGE

    abandoned = send(editor, report_form(editor, title=""), (tiny_pdf(), "abandoned.pdf"))
    [kept] = stored_files(app)
    day_ago = time.time() - PENDING_MAX_AGE - 60
    os.utime(kept, (day_ago, day_ago))

    # The next file kept aside, by anyone, clears the ones left over.
    send(editor, report_form(editor, title=""), (tiny_pdf(), "another.pdf"))
    assert not kept.exists() and len(stored_files(app)) == 1
    response = send(editor, form_fields(abandoned) | {"report_type": "progress", "title": "T"})
    assert response.status_code == 422
    assert "The file you chose before is no longer kept." in response.get_data(as_text=True)
