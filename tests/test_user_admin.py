"""Administrators add users, reset passwords and disable accounts from /manage/users/."""

import re

from sqlalchemy import select

from app.accounts.models import Role, User
from app.extensions import db
from tests.editing_helpers import signed_in_client


def token(response) -> str:
    return re.search(
        r'name="csrf_token" type="hidden" value="([^"]+)"', response.get_data(as_text=True)
    ).group(1)


def test_an_admin_adds_a_user_who_can_then_sign_in(app, make_user):
    admin = signed_in_client(app, make_user("admin", email="boss@example.org"))
    page = admin.get("/manage/users/")
    data = {"csrf_token": token(page), "email": "new@example.org", "name": "Lan",
            "role": "editor", "organisation": "", "password": "kingfisher river 42"}  # fmt: skip
    assert admin.post("/manage/users/", data=data).status_code == 303
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "new@example.org"))
        assert user.role is Role.EDITOR and user.name == "Lan"
    assert "account created" in admin.get("/manage/audit/").get_data(as_text=True)


def test_a_refused_user_keeps_the_form_and_says_why_beside_the_field(app, make_user):
    admin = signed_in_client(app, make_user("admin", email="boss@example.org"))
    data = {"csrf_token": token(admin.get("/manage/users/")), "email": "boss@example.org",
            "name": "Someone", "role": "editor", "organisation": "",
            "password": "kingfisher river 42"}  # fmt: skip
    response = admin.post("/manage/users/", data=data)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="email-error">A user with this email already exists.' in body
    assert 'value="Someone"' in body


def test_reset_and_disable_sign_the_user_out(app, make_user):
    admin = signed_in_client(app, make_user("admin", email="boss@example.org"))
    victim = make_user("editor", email="ed@example.org")
    victim_client = signed_in_client(app, victim)
    assert victim_client.get("/manage/").status_code == 200

    page = admin.get(f"/manage/users/{victim.id}/")
    response = admin.post(
        f"/manage/users/{victim.id}/",
        data={"csrf_token": token(page), "new_password": "a brand new passphrase"},
    )
    assert response.status_code == 303
    assert victim_client.get("/manage/").status_code == 303  # back to the sign-in page

    admin.post(f"/manage/users/{victim.id}/disable", data={"csrf_token": token(page)})
    with app.app_context():
        assert db.session.get(User, victim.id).is_disabled


def test_an_admin_cannot_disable_themselves(app, make_user):
    boss = make_user("admin", email="boss@example.org")
    admin = signed_in_client(app, boss)
    page = admin.get(f"/manage/users/{boss.id}/")
    response = admin.post(f"/manage/users/{boss.id}/disable", data={"csrf_token": token(page)})
    assert response.status_code == 303
    assert "You cannot disable your own account." in admin.get(
        response.headers["Location"]
    ).get_data(as_text=True)
