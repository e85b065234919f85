"""Every user changes their own password at /manage/account/."""

import pytest

from app.audit.services import recent_events
from tests.conftest import PASSWORD, AuthActions
from tests.test_account_sessions import SAFARI_IPHONE, browser, post, signed_in

URL = "/manage/account/password"
NEW = "a much better secret"


def change(client, current=PASSWORD, new=NEW, repeat=None):
    data = {"current_password": current, "new_password": new, "repeat_password": repeat or new}
    return post(client, URL, **data)


def error_beside(response, field) -> str:
    body = response.get_data(as_text=True)
    start = body.index(f'id="{field}-error"')
    return body[body.index(">", start) + 1 : body.index("</p>", start)]


@pytest.mark.parametrize("role", ["admin", "editor", "partner"])
def test_changing_it_keeps_this_session_and_ends_the_others(app, make_user, role):
    user = make_user(role, organisation="acme" if role == "partner" else None)
    here = browser(app, user.email)
    elsewhere = browser(app, user.email, SAFARI_IPHONE, remember="y")

    response = change(here)

    assert response.status_code == 303 and response.headers["Location"] == "/manage/account/"
    page = here.get("/manage/account/").get_data(as_text=True)
    assert "Your password is changed. You are signed out everywhere else." in page
    assert signed_in(here) and not signed_in(elsewhere)
    newcomer = AuthActions(app.test_client())
    assert newcomer.login(user.email, PASSWORD).status_code == 422
    assert newcomer.login(user.email, NEW).status_code == 303
    with app.app_context():
        event = next(e for e in recent_events() if e.action == "password_changed")
        assert (event.user.email, event.actor.email) == (user.email, user.email)


@pytest.mark.parametrize(
    ("current", "new", "repeat", "field", "message"),
    [
        ("not my password", NEW, NEW, "current_password", "This is not your current password."),
        (PASSWORD, "password123", None, "new_password", "most common"),
        (PASSWORD, "short", None, "new_password", "at least 8"),
        (PASSWORD, PASSWORD, None, "new_password", "different from the current one"),
        (PASSWORD, NEW, "a much better secreT", "repeat_password", "The two new passwords differ."),
    ],
)
def test_a_refused_change_says_why_beside_the_field_and_changes_nothing(
    app, make_user, current, new, repeat, field, message
):
    user = make_user("editor")
    here = browser(app, user.email)
    elsewhere = browser(app, user.email, SAFARI_IPHONE)

    response = change(here, current, new, repeat)

    assert response.status_code == 422
    assert message in error_beside(response, field)
    assert NEW not in response.get_data(as_text=True)  # passwords are not sent back
    assert signed_in(here) and signed_in(elsewhere)
    assert AuthActions(app.test_client()).login(user.email, PASSWORD).status_code == 303


def test_a_session_left_open_is_no_way_to_guess_the_password(app, make_user):
    app.config.update(LOGIN_DELAY_AFTER_ACCOUNT=2)
    user = make_user("editor")
    thief = browser(app, user.email)
    for guess in ("guess one", "guess two"):
        assert change(thief, current=guess).status_code == 422
    response = change(thief, current=PASSWORD)  # even the right one must wait now
    assert response.status_code == 429
    assert "Too many wrong passwords" in error_beside(response, "current_password")
    assert AuthActions(app.test_client()).login(user.email, PASSWORD).status_code == 303


def test_the_form_needs_its_csrf_token(app, make_user):
    user = make_user("editor")
    here = browser(app, user.email)
    data = {"current_password": PASSWORD, "new_password": NEW, "repeat_password": NEW}
    assert here.post(URL, data=data).status_code == 400
    assert AuthActions(app.test_client()).login(user.email, PASSWORD).status_code == 303
