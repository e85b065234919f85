"""Password rules, and what an administrator can do to an account."""

import pytest

from app.accounts.models import Role, User
from app.accounts.passwords import common_passwords, password_problem
from app.accounts.services import (
    AccountError,
    create_user,
    disable_user,
    enable_user,
    find_user,
    reset_password,
)
from app.audit.services import recent_events
from app.extensions import db
from tests.conftest import PASSWORD, AuthActions


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("short12", "at least 8"),
        ("x" * 129, "at most 128"),
        ("password1", "most common"),
        ("Password1", "most common"),  # case does not save it
        ("iloveyou2", "most common"),
        ("qwertyuiop", "most common"),
        ("ana.lima@example.org", "email address"),
        ("ANA.LIMA", "email address"),
    ],
)
def test_weak_passwords_are_refused(app, password, problem):
    with app.test_request_context():
        assert problem in password_problem(password, "ana.lima@example.org")


@pytest.mark.parametrize(
    "password",
    [
        "correct horse battery",
        "x" * 128,  # the longest allowed
        "8 chars!",
        "пароль-для-входа",  # any Unicode
        "  spaces count  ",
    ],
)
def test_good_passwords_are_accepted(app, password):
    with app.test_request_context():
        assert password_problem(password, "ana@example.org") is None


def test_the_common_password_list_is_a_real_one():
    common = common_passwords()
    assert len(common) > 8000
    assert {"password", "12345678", "baseball", "trustno1"} <= common
    assert all(len(entry) >= 8 for entry in common)


def test_create_user_refuses_a_common_password(app, runner):
    result = runner.invoke(
        args=["create-user", "x@example.org", "--role", "admin"], input="sunshine1\n"
    )
    assert result.exit_code == 1
    assert "most common" in result.output


@pytest.fixture
def people(app, make_user):
    make_user("admin", email="admin@example.org")
    make_user("editor", email="ed@example.org")
    with app.app_context():
        return find_user("admin@example.org").id, find_user("ed@example.org").id


def load(_app, user_id) -> User:
    return db.session.get(User, user_id)


def test_reset_password_sets_a_new_one_and_ends_the_old_sessions(app, client, auth, people):
    admin_id, editor_id = people
    auth.login("ed@example.org")
    assert "Sign out" in client.get("/").get_data(as_text=True)
    with app.app_context():
        reset_password(load(app, editor_id), "a brand new secret", by=load(app, admin_id))
    assert "Sign out" not in client.get("/").get_data(as_text=True)
    assert auth.login("ed@example.org", PASSWORD).status_code == 422
    assert auth.login("ed@example.org", "a brand new secret").status_code == 303
    with app.app_context():
        [event] = [e for e in recent_events() if e.action == "password_reset"]
        assert (event.action, event.actor.email, event.user.email) == (
            "password_reset",
            "admin@example.org",
            "ed@example.org",
        )


def test_reset_password_forgets_the_failures_at_the_account(app, people):
    admin_id, editor_id = people
    app.config.update(LOGIN_DELAY_AFTER_ACCOUNT=2)
    guesser = AuthActions(app.test_client())
    for _ in range(2):
        assert guesser.login("ed@example.org", "a wrong guess").status_code == 422
    newcomer = AuthActions(app.test_client())  # a browser that never signed in as them
    assert newcomer.login("ed@example.org").status_code == 429
    with app.app_context():
        reset_password(load(app, editor_id), "a brand new secret", by=load(app, admin_id))
    assert newcomer.login("ed@example.org", "a brand new secret").status_code == 303


def test_reset_password_follows_the_rules(app, people):
    admin_id, editor_id = people
    with app.app_context(), app.test_request_context():
        editor = load(app, editor_id)
        old_hash = editor.password_hash
        with pytest.raises(AccountError, match="most common"):
            reset_password(editor, "password123", by=load(app, admin_id))
        assert load(app, editor_id).password_hash == old_hash


def test_disable_user_ends_their_sessions_and_enable_lets_them_back(app, client, auth, people):
    admin_id, editor_id = people
    auth.login("ed@example.org", remember="y")
    with app.app_context():
        disable_user(load(app, editor_id), by=load(app, admin_id))
    assert "Sign out" not in client.get("/").get_data(as_text=True)
    assert auth.login("ed@example.org").status_code == 422
    with app.app_context():
        enable_user(load(app, editor_id), by=load(app, admin_id))
    assert auth.login("ed@example.org").status_code == 303
    with app.app_context():
        actions = [event.action for event in recent_events(user=load(app, editor_id))]
    assert actions[:4] == ["login", "user_enabled", "login_failed", "user_disabled"]


def test_an_admin_cannot_disable_themselves_or_the_last_admin(app, people):
    admin_id, editor_id = people
    with app.app_context(), app.test_request_context():
        admin = load(app, admin_id)
        with pytest.raises(AccountError, match="your own account"):
            disable_user(admin, by=admin)
        with pytest.raises(AccountError, match="last administrator"):
            disable_user(admin, by=load(app, editor_id))
        other = create_user("admin2@example.org", "another long secret", Role.ADMIN)
        disable_user(admin, by=other)
        assert load(app, admin_id).is_disabled


def test_signing_out_makes_a_copied_session_cookie_useless(app, auth, make_user):
    make_user("editor", email="ed@example.org")
    auth.login("ed@example.org")
    thief = app.test_client()
    cookie = auth._client.get_cookie("session")
    thief.set_cookie("session", cookie.value)
    assert "Sign out" in thief.get("/").get_data(as_text=True)
    auth.logout()
    assert "Sign out" not in thief.get("/").get_data(as_text=True)


def test_sign_in_starts_a_fresh_session(client, auth, make_user):
    make_user("editor", email="ed@example.org")
    client.get("/login")
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    auth.login("ed@example.org")
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"]
