"""Signing in and out, creating users, and CSRF on every unsafe request."""

import pytest
from sqlalchemy import select

from app.accounts.models import Role, User
from app.accounts.services import end_all_sessions
from app.extensions import db
from tests.conftest import PASSWORD, csrf_token_from


def get_user(app, email) -> User:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        db.session.expunge(user)
        return user


def test_create_user_reads_the_password_from_standard_input(app, runner):
    result = runner.invoke(
        args=["create-user", "Ana@Example.org", "--role", "editor"], input="s3cret-enough\n"
    )
    assert result.exit_code == 0, result.output
    user = get_user(app, "ana@example.org")
    assert user.role is Role.EDITOR
    assert user.password_hash.startswith("$argon2id$")
    assert "s3cret-enough" not in user.password_hash


@pytest.mark.parametrize(
    ("args", "password", "message"),
    [
        (["create-user", "x@example.org", "--role", "admin"], "short\n", "at least 8"),
        (["create-user", "not-an-email", "--role", "admin"], "long enough pw\n", "email address"),
        (["create-user", "p@example.org", "--role", "partner"], "long enough pw\n", "organisation"),
        (["create-user", "x@example.org", "--role", "king"], "long enough pw\n", "Invalid value"),
    ],
)
def test_create_user_refuses_bad_input_clearly(app, runner, args, password, message):
    result = runner.invoke(args=args, input=password)
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output


def test_create_user_refuses_a_duplicate_email(app, runner, make_user):
    make_user("editor", email="dup@example.org")
    result = runner.invoke(
        args=["create-user", "DUP@example.org", "--role", "admin"], input="long enough pw\n"
    )
    assert result.exit_code == 1
    assert "already exists" in result.output


def test_login_and_logout(client, auth, make_user):
    make_user("editor", email="ed@example.org")
    response = auth.login("ed@example.org")
    assert response.status_code == 303
    # The first page after signing in is the dashboard; every live page links back to it.
    assert response.headers["Location"] == "/manage/"
    home = client.get("/").get_data(as_text=True)
    assert "ed@example.org" in home and "Sign out" in home
    assert '<a class="manage-link" href="/manage/">Manage</a>' in home

    assert auth.logout().status_code == 303
    assert "Sign out" not in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("email", ["ed@example.org", "nobody@example.org"])
def test_wrong_password_and_unknown_email_get_the_same_answer(client, auth, make_user, email):
    make_user("editor", email="ed@example.org")
    response = auth.login(email, password="wrong password")
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Email or password is incorrect." in body
    assert f'value="{email}"' in body  # the typed email is kept
    assert "wrong password" not in body  # the password is not echoed back


def test_disabled_user_cannot_sign_in(app, auth, make_user):
    make_user("editor", email="ed@example.org")
    with app.app_context():
        db.session.scalar(select(User)).is_disabled = True
        db.session.commit()
    assert auth.login("ed@example.org").status_code == 422


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        ("/partners/", "/partners/"),
        ("https://evil.example/", "/manage/"),
        ("//evil.example/", "/manage/"),
        ("/\\evil.example/", "/manage/"),
        ("javascript:alert(1)", "/manage/"),
    ],
)
def test_next_only_goes_to_this_site(auth, make_user, next_url, expected):
    make_user("editor", email="ed@example.org")
    response = auth.login("ed@example.org", next=next_url)
    assert response.headers["Location"] == expected


def test_ending_all_sessions_signs_the_user_out_everywhere(app, client, auth, make_user):
    make_user("editor", email="ed@example.org")
    auth.login("ed@example.org")
    assert "Sign out" in client.get("/").get_data(as_text=True)
    with app.app_context():
        end_all_sessions(db.session.scalar(select(User)))
    assert "Sign out" not in client.get("/").get_data(as_text=True)


def test_unsafe_requests_without_a_csrf_token_are_refused(client, make_user):
    make_user("editor", email="ed@example.org")
    response = client.post("/login", data={"email": "ed@example.org", "password": PASSWORD})
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "could not be understood" in body and "Traceback" not in body


def test_htmx_requests_carry_the_csrf_token_in_a_header(client, auth, make_user):
    make_user("editor", email="ed@example.org")
    auth.login("ed@example.org")
    page = client.get("/").get_data(as_text=True)
    assert 'data-hx-headers=\'{"X-CSRFToken": "' in page
    token = page.split('"X-CSRFToken": "')[1].split('"')[0]
    response = client.post("/logout", headers={"X-CSRFToken": token, "HX-Request": "true"})
    assert response.status_code == 303


def test_public_pages_set_no_cookie_for_anonymous_readers(client):
    response = client.get("/")
    assert "Set-Cookie" not in response.headers
    assert "X-CSRFToken" not in response.get_data(as_text=True)


def test_login_form_has_a_token(client):
    assert csrf_token_from(client.get("/login"))
