"""A posted form is shown back, ready to send with a fresh token, only if it is provably
this site's own form for this person: its CSRF token is good, or the stamp this site put
in it names this person and address (their token expired while they typed). A forged post
is refused without echoing its text, so no one can be led to save it with one click.
"""

import pytest

from app.extensions import db
from app.pages.models import Page
from app.site.services import save_settings
from tests.editing_helpers import edit_form, new_page, save, signed_in_client

FORGED_TEXT = "Text another site wrote for you"


@pytest.fixture
def editor(app, make_user):
    return signed_in_client(app, make_user("editor", email="ana@example.org"))


@pytest.mark.parametrize("action", ["save", "publish", "preview"])
def test_an_edit_posted_without_token_or_stamp_is_refused_unechoed(editor, action):
    page_id = new_page(editor, body="Old text.", publish=True)
    form = edit_form(editor, page_id)
    forged = {
        "title": "About us", "slug": "about", "summary": "", "body": FORGED_TEXT,
        "base_revision": form["base_revision"], "action": action,
    }  # fmt: skip

    response = editor.post(f"/manage/page/{page_id}/edit", data=forged)

    assert response.status_code == 400
    assert FORGED_TEXT not in response.get_data(as_text=True)
    assert edit_form(editor, page_id)["body"] == "Old text."


def test_a_new_record_posted_without_token_or_stamp_is_refused_unechoed(editor):
    data = {"title": "Defaced", "slug": "defaced", "summary": "", "body": FORGED_TEXT}

    response = editor.post("/manage/page/new", data=data)

    assert response.status_code == 400
    assert FORGED_TEXT not in response.get_data(as_text=True)


def test_an_expired_token_on_the_persons_own_form_still_keeps_the_text(editor):
    page_id = new_page(editor, body="Old text.")
    form = edit_form(editor, page_id)

    response = save(editor, page_id, form, body="Typed for an hour", csrf_token="expired")

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Typed for an hour" in page and "press Save again" in page


def test_the_progress_form_posted_without_token_or_stamp_is_refused(editor):
    response = editor.post("/manage/guidelines/progress", data={"note": FORGED_TEXT})

    assert response.status_code == 400
    assert FORGED_TEXT not in response.get_data(as_text=True)


def test_a_save_when_a_second_factor_became_required_keeps_its_text(app, editor):
    page_id = new_page(editor, body="Old text.")
    form = edit_form(editor, page_id)
    with app.test_request_context():
        save_settings({"require_second_factor": "1"})

    response = save(editor, page_id, form, body="An hour of careful writing")

    page = response.get_data(as_text=True)
    assert response.status_code == 403
    assert "Set up a second factor first" in page
    assert "An hour of careful writing" in page
    with app.app_context():
        assert db.session.get(Page, page_id).body == "Old text."
