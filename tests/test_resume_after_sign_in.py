"""A save that arrives after the session ended is finished after sign-in, and only that.

Only a record's own edit form, stamped by this site for the person it was shown to and
the address it posts to, is carried through sign-in; the person then sees what will be
saved before anything is. Everything else is dropped, whatever the request carries.
"""

import json
import re

import pytest
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import select

from app.accounts.models import User
from app.editing.resume import SALT
from app.extensions import db
from app.pages.models import Page
from tests.conftest import PASSWORD
from tests.editing_helpers import edit_form, new_page, signed_in_client, unescape

LONG_TEXT = "Text typed during a long meeting. " * 40


@pytest.fixture
def editor(app, make_user):
    return signed_in_client(app, make_user("editor", email="ana@example.org"))


def body_of(app, page_id) -> str:
    with app.app_context():
        return db.session.get(Page, page_id).body


def hidden(body: str, name: str) -> str | None:
    match = re.search(rf'name="{name}" type="hidden" value="([^"]*)"', body)
    return unescape(match.group(1)) if match else None


def post_signed_out(client, url, fields):
    """What the browser sends once the session has ended: the form, without the cookie."""
    client.delete_cookie("session")
    return client.post(url, data=fields)


def sign_in(client, email, login_page: str, **override):
    data = {
        "email": email,
        "password": PASSWORD,
        "csrf_token": hidden(login_page, "csrf_token"),
        "next": hidden(login_page, "next") or "",
        "resume": hidden(login_page, "resume") or "",
        **override,
    }
    return client.post("/login", data=data)


def forge_stamp(app, user_id, path, key=None) -> str:
    return URLSafeTimedSerializer(key or app.secret_key, salt=SALT).dumps(
        {"user": user_id, "path": path}
    )


def user_id(app, email) -> int:
    with app.app_context():
        return db.session.scalar(select(User.id).where(User.email == email))


def assert_not_resumed(response, app, page_id, before):
    body = response.get_data(as_text=True)
    assert response.status_code == 303, body
    assert "Save my changes" not in body
    assert body_of(app, page_id) == before


def test_the_editor_sees_what_will_be_saved_then_saves_it(app, editor):
    page_id = new_page(editor, title="Annual plan", body="old")
    form = edit_form(editor, page_id)
    url = f"/manage/page/{page_id}/edit"
    login_page = post_signed_out(editor, url, {**form, "body": LONG_TEXT})
    assert login_page.status_code == 401
    assert "your text is kept" in login_page.get_data(as_text=True)

    response = sign_in(editor, "ana@example.org", login_page.get_data(as_text=True))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Save my changes" in page
    assert "Annual plan" in page and url in page  # which record, at which address
    assert "<dt>Text</dt>" in page  # each field by its label
    assert LONG_TEXT.strip()[:100] in page and "…" in page  # long text shortened
    assert "saved as a draft" in page
    assert f'<a href="{url}">Open the editor instead' in page
    assert body_of(app, page_id) == "old"  # nothing saved before the click

    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page))
    fields = {name: unescape(value) for name, value in fields.items()}
    assert editor.post(url, data=fields).status_code == 303
    assert body_of(app, page_id) == LONG_TEXT  # the whole text, not the shortened one


@pytest.mark.parametrize("stamp", ["missing", "forged", "expired", "other path"])
def test_a_bad_stamp_is_never_carried_through_sign_in(app, editor, stamp):
    page_id = new_page(editor, body="old")
    other_id = new_page(editor, slug="other", body="other")
    form = edit_form(editor, page_id)
    ana = user_id(app, "ana@example.org")
    if stamp == "missing":
        del form["resume_stamp"]
    elif stamp == "forged":
        form["resume_stamp"] = forge_stamp(app, ana, f"/manage/page/{page_id}/edit", "guess")
    elif stamp == "expired":
        app.config["RESUME_STAMP_MAX_AGE"] = -1
    else:
        form["resume_stamp"] = edit_form(editor, other_id)["resume_stamp"]

    login_page = post_signed_out(editor, f"/manage/page/{page_id}/edit",
                                 {**form, "body": "Defaced"})  # fmt: skip
    text = login_page.get_data(as_text=True)
    assert login_page.status_code == 401
    assert "nothing was saved or changed" in text and "Defaced" not in text
    # Even when the attacker writes the sign-in form's hidden field themselves.
    fields = [[name, value] for name, value in {**form, "body": "Defaced"}.items()]
    response = sign_in(editor, "ana@example.org", text, resume=json.dumps(fields))
    assert_not_resumed(response, app, page_id, "old")
    followed = editor.get(response.headers["Location"]).get_data(as_text=True)
    assert "could not be checked as yours" in followed


def test_another_users_stamp_is_dropped_after_sign_in(app, editor, make_user):
    """An attacker with an account of their own has stamps, but only in their own name."""
    page_id = new_page(editor, body="old")
    attacker = signed_in_client(app, make_user("editor", email="mallory@example.org"))
    forged_form = {**edit_form(attacker, page_id), "body": "Defaced"}

    victim = app.test_client()
    make_user("admin", email="boss@example.org")
    login_page = victim.post(f"/manage/page/{page_id}/edit", data=forged_form)
    response = sign_in(victim, "boss@example.org", login_page.get_data(as_text=True))
    assert_not_resumed(response, app, page_id, "old")


def test_a_stamp_on_any_other_form_is_dropped(app, make_user):
    """Only a record's edit form is ever resumed: never accounts, settings, publishing."""
    make_user("admin", email="boss@example.org")
    victim = app.test_client()
    fields = {"email": "attacker@evil.example", "role": "admin", "name": "", "organisation": "",
              "password": "a long attacker password"}  # fmt: skip
    fields["resume_stamp"] = forge_stamp(app, user_id(app, "boss@example.org"), "/manage/users/")
    login_page = victim.post("/manage/users/", data=fields)
    text = login_page.get_data(as_text=True)
    assert login_page.status_code == 401 and "attacker@evil.example" not in text

    carried = json.dumps([[name, value] for name, value in fields.items()])
    response = sign_in(victim, "boss@example.org", text, resume=carried)
    assert response.status_code == 303
    assert "Save my changes" not in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "attacker@evil.example")) is None
