"""Records' addresses: made from the title when left empty, shown in full while typing,
and hints that read as text."""

import re

from flask import render_template_string
from flask_babel import lazy_gettext

from app.editing.registry import all_kinds
from tests.editing_helpers import new_page, signed_in_client
from tests.form_helpers import browser_form, replaced
from tests.transparency_helpers import make_body


def created_at(client, record_type: str, **values) -> str:
    """Save a new record from its /manage form as a person would; its edit page's URL."""
    url = f"/manage/{record_type}/new"
    data, _names = browser_form(client.get(url).get_data(as_text=True), "edit-form")
    for name, value in values.items():
        data = replaced(data, name, value)
    response = client.post(url, data=data)
    assert response.status_code == 303, response.get_data(as_text=True)
    return response.headers["Location"]


def address_field(client, edit_url: str) -> str:
    data, _names = browser_form(client.get(edit_url).get_data(as_text=True), "edit-form")
    return data["slug"]


def test_a_translated_hint_is_printed_as_text_not_markup(app):
    with app.test_request_context("/"):
        html = render_template_string("{{ hint }}", hint=lazy_gettext("at /pages/<address>/"))
    assert html == "at /pages/&lt;address&gt;/"


def test_no_form_of_any_kind_has_stray_tags_in_its_hints(app, make_user):
    editor = signed_in_client(app, make_user("editor"))
    with app.app_context():
        record_types = list(all_kinds())
    for record_type in record_types:
        html = editor.get(f"/manage/{record_type}/new").get_data(as_text=True)
        assert not re.search(r"<(date|address)\b", html), record_type


def test_an_empty_address_is_made_from_the_title(app, make_user):
    editor = signed_in_client(app, make_user("editor"))
    first = new_page(editor, title="Hội nghị Đà Nẵng: who we are", slug="")
    second = new_page(editor, title="Hội nghị Đà Nẵng: who we are", slug="")
    assert address_field(editor, f"/manage/page/{first}/edit") == "hoi-nghi-da-nang-who-we-are"
    assert address_field(editor, f"/manage/page/{second}/edit") == "hoi-nghi-da-nang-who-we-are-2"


def test_a_typed_address_that_is_taken_is_refused_not_renumbered(app, make_user):
    editor = signed_in_client(app, make_user("editor"))
    new_page(editor, title="About us", slug="about")
    data, _names = browser_form(editor.get("/manage/page/new").get_data(as_text=True), "edit-form")
    data = replaced(replaced(replaced(data, "title", "About"), "slug", "About"), "body", "Kept.")
    response = editor.post("/manage/page/new", data=data)
    assert response.status_code == 422
    assert "Another page already uses this address." in response.get_data(as_text=True)


def test_a_meeting_address_does_not_repeat_its_date(app, make_user):
    editor = signed_in_client(app, make_user("editor"))
    with app.app_context():
        body_id = make_body()
    made = created_at(
        editor, "meeting", title="Steering committee", slug="", body_id=str(body_id),
        meeting_date="2026-12-04",
    )  # fmt: skip
    typed = created_at(
        editor, "meeting", title="Steering committee", slug="2026-12-05-steering-committee",
        body_id=str(body_id), meeting_date="2026-12-05",
    )  # fmt: skip
    assert address_field(editor, made) == "steering-committee"
    assert address_field(editor, typed) == "steering-committee"


def test_the_full_address_is_shown_while_typing(app, make_user):
    editor = signed_in_client(app, make_user("editor"))
    new_page(editor, title="About us", slug="about")
    form = editor.get("/manage/page/new").get_data(as_text=True)
    assert 'data-hx-get="/manage/page/address"' in form

    shown = editor.get("/manage/page/address?title=Our+partners&slug=").get_data(as_text=True)
    assert "http://localhost/pages/our-partners/" in shown
    taken = editor.get("/manage/page/address?title=x&slug=about").get_data(as_text=True)
    assert "Another record already uses this address" in taken
    refused = editor.get("/manage/page/address?title=x&slug=a+b").get_data(as_text=True)
    assert "lowercase letters" in refused and "http" not in refused
    with app.app_context():
        body_id = make_body()
    meeting = editor.get(
        f"/manage/meeting/address?title=Plenary&slug=&meeting_date=2026-12-04&body_id={body_id}"
    ).get_data(as_text=True)
    assert "/meetings/2026-12-04-plenary/" in meeting


def test_a_meeting_address_waits_for_its_date_while_the_title_is_typed(app, make_user):
    # The title usually comes before the date: the address shown asks for the date.
    editor = signed_in_client(app, make_user("editor"))
    response = editor.get("/manage/meeting/address?title=Plenary&slug=&meeting_date=")
    assert response.status_code == 200
    shown = response.get_data(as_text=True)
    assert "Give the date to see the full address." in shown and "http" not in shown
