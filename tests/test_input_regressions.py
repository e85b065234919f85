"""Inputs that once gave a 500, each pinned by the smallest request that did."""

import pytest

from tests.conftest import csrf_token_from
from tests.editing_helpers import new_page, signed_in_client
from tests.form_helpers import browser_form, kept_in_field, replaced
from tests.transparency_helpers import make_body, make_meeting

HUGE = "99999999999999999999"  # more than SQLite or PostgreSQL's BIGINT holds


@pytest.mark.parametrize(
    "path",
    ["/decisions/?year=²", "/reports/?year=²", "/partners/?sdg=²", "/partners/?sdg=𝟙&page=²"],
)
def test_a_digit_int_cannot_read_in_a_filter_is_ignored(client, path):
    # "²".isdigit() is True, yet int("²") raises.
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("field, value, status", [("base_revision", "²", 409),
                                                  ("resolves", "²", 303),
                                                  ("base_revision", HUGE, 409)])  # fmt: skip
def test_an_odd_number_in_the_editors_hidden_fields_is_no_error(
    app, make_user, field, value, status
):
    # An unreadable base names no version to merge with: the form comes back, text kept.
    editor = signed_in_client(app, make_user("editor"))
    url = f"/manage/page/{new_page(editor)}/edit"
    data, _names = browser_form(editor.get(url).get_data(as_text=True), "edit-form")
    data = replaced(replaced(data, field, value), "title", "New title")
    response = editor.post(url, data=data)
    assert response.status_code == status
    if status == 409:
        assert "New title" in response.get_data(as_text=True)


def test_odd_digits_in_a_guideline_list_of_numbers_get_a_message(app, make_user):
    from tests.guideline_helpers import import_bundled

    import_bundled(app)
    editor = signed_in_client(app, make_user("editor"))
    url = "/manage/guideline-page/1/edit"
    data, _names = browser_form(editor.get(url).get_data(as_text=True), "edit-form")
    response = editor.post(url, data=replaced(data, "steps", "4, ²"))
    assert response.status_code == 422
    assert "Whole numbers separated by commas" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "path",
    [
        f"/manage/page/{HUGE}/edit",
        f"/manage/page/{HUGE}/history",
        f"/manage/minutes-approval/{HUGE}",
        f"/manage/users/{HUGE}/",
        f"/manage/partner/{HUGE}/invite",
        f"/decisions/year/{HUGE}/",
        "/manage/page/1/diff?from=1&to=" + HUGE,
    ],
)
def test_a_number_too_large_for_the_database_is_not_found(app, make_user, path):
    admin = signed_in_client(app, make_user("admin"))
    new_page(admin)
    assert admin.get(path).status_code == 404


@pytest.mark.parametrize(
    "zone", ["Asia", "America", "a" * 300, "UTC\x00", "Europe/../UTC", "/etc/passwd", "."]
)
def test_an_impossible_time_zone_is_refused_beside_its_field(app, make_user, zone):
    # "Asia" is a folder of the time zone database and 300 letters too long a file name:
    # both raised OSError, which the check did not expect.
    with app.app_context():
        meeting = make_meeting(make_body(), "2025-03-04")
    editor = signed_in_client(app, make_user("editor"))
    url = f"/manage/meeting/{meeting}/edit"
    data, _names = browser_form(editor.get(url).get_data(as_text=True), "edit-form")
    response = editor.post(url, data=replaced(data, "timezone", zone))
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="timezone-error"' in body
    assert kept_in_field(body, "edit-form", "timezone", zone)


def test_a_nul_character_in_an_edit_form_gets_a_message_beside_the_field(app, make_user):
    # PostgreSQL refuses NUL in text: the save, or a validator's lookup, was a 500 there.
    editor = signed_in_client(app, make_user("editor"))
    url = f"/manage/page/{new_page(editor)}/edit"
    data, _names = browser_form(editor.get(url).get_data(as_text=True), "edit-form")
    response = editor.post(url, data=replaced(replaced(data, "slug", "a\x00"), "body", "Kept."))
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="slug-error"' in body and "NUL" in body
    assert kept_in_field(body, "edit-form", "body", "Kept.")


def test_a_nul_character_in_the_public_application_gets_a_message(client):
    token = csrf_token_from(client.get("/partners/apply/"))
    response = client.post(
        "/partners/apply/",
        data={"csrf_token": token, "name": "River\x00 club", "country": "LA",
              "stakeholder_group": "civil-society", "contact_name": "Souk",
              "contact_email": "souk@example.org"},
    )  # fmt: skip
    assert response.status_code == 422
    assert 'id="name-error"' in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "record_type, field, typed",
    [
        ("action", "owner_slug", "Nobody-We-Know"),  # was shown lower-cased
        ("funding", "currency", "xyz"),  # was shown upper-cased
        ("partner", "slug", "River Trust"),  # was shown lower-cased
    ],
)
def test_a_refused_value_is_shown_again_as_typed(app, make_user, record_type, field, typed):
    from tests.test_edit_form_properties import one_of_each

    ids = one_of_each(app)
    editor = signed_in_client(app, make_user("editor"))
    url = f"/manage/{record_type}/{ids[record_type]}/edit"
    data, _names = browser_form(editor.get(url).get_data(as_text=True), "edit-form")
    response = editor.post(url, data=replaced(data, field, typed))
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="{field}-error"' in body
    assert kept_in_field(body, "edit-form", field, typed)


@pytest.mark.parametrize(
    "path", ["/decisions/?owner=%00", "/decisions/?body=a%00b", "/partners/?q=%00", "/?%00=1"]
)
def test_a_nul_character_in_a_query_string_is_a_bad_request(client, path):
    # PostgreSQL refuses NUL even as a query parameter: the decisions filter was a 500.
    response = client.get(path)
    assert response.status_code == 400
    assert "That request could not be understood" in response.get_data(as_text=True)
