"""Oversize text is refused early and clearly: the preview, and whole requests."""

import pytest

from app.textforms import LONG_TEXT
from tests.editing_helpers import edit_form, new_page, signed_in_client
from tests.test_uploads import upload

# Small, so that a body over the limit costs the test little; the behaviour is the same.
TEXT_LIMIT = 400_000


@pytest.fixture
def app_config():
    return {"MAX_FORM_MEMORY_SIZE": TEXT_LIMIT}


@pytest.fixture
def editor(app, make_user):
    return signed_in_client(app, make_user("editor"))


def preview(editor, page_id, text, **options):
    token = edit_form(editor, page_id)["csrf_token"]
    headers = {"X-CSRFToken": token, "HX-Request": "true"}
    return editor.post("/manage/preview?field=body", data={"body": text}, headers=headers,
                       **options)  # fmt: skip


def test_the_preview_refuses_a_text_too_long_to_save_without_rendering_it(editor):
    page_id = new_page(editor)
    text = "Some **bold** words. " * (LONG_TEXT // 21 + 1)
    assert LONG_TEXT < len(text) < TEXT_LIMIT

    response = preview(editor, page_id, text)

    assert response.status_code == 200  # shown in the preview area
    html = response.get_data(as_text=True)
    assert "This text is too long to preview or save." in html
    assert "<strong>" not in html


def test_a_text_at_the_limit_is_previewed(editor):
    page_id = new_page(editor)
    text = ("Some **bold** words. " * (LONG_TEXT // 21))[:LONG_TEXT]
    html = preview(editor, page_id, text).get_data(as_text=True)
    assert html.count("<strong>bold</strong>") == LONG_TEXT // 21
    assert "too long" not in html


@pytest.mark.parametrize("encoding", ["urlencoded", "multipart"])
def test_a_request_over_the_text_limit_is_refused_with_a_message(editor, encoding):
    """A body of more text than any form takes gets a 413 before it is read: in the
    preview area the message alone (htmx shows it there), elsewhere a page."""
    page_id = new_page(editor)
    text = "x" * (TEXT_LIMIT + 1)
    options = {"content_type": "multipart/form-data"} if encoding == "multipart" else {}

    response = preview(editor, page_id, text, **options)

    assert response.status_code == 413
    assert response.get_data(as_text=True).strip() == (
        '<p class="error" role="alert">The file or text you sent is larger than this site '
        "accepts. Go back, and send a shorter text or a smaller file.</p>"
    )
    token = edit_form(editor, page_id)["csrf_token"]
    page = editor.post(f"/manage/page/{page_id}/edit", data={"body": text, "csrf_token": token},
                       **options)  # fmt: skip
    assert page.status_code == 413
    assert "<h1>That is more than this site accepts</h1>" in page.get_data(as_text=True)


def test_a_file_larger_than_the_text_limit_still_uploads(editor):
    page_id = new_page(editor)
    table = b"name,country\n" + b"Mekong Water Partnership,Viet Nam\n" * (TEXT_LIMIT // 30)
    assert len(table) > TEXT_LIMIT

    assert upload(editor, page_id, table, "partners.csv").status_code == 303
    assert "partners.csv" in editor.get(f"/manage/page/{page_id}/edit").get_data(as_text=True)
