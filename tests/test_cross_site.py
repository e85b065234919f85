"""Unsafe requests that another site sent are refused on every route, before anything runs.

Each test sends what a browser sends when a page on another site submits a form here:
``Sec-Fetch-Site`` in current browsers, only ``Origin`` in older ones.
"""

import pytest
from sqlalchemy import func, select

from app.accounts.models import User
from app.extensions import db
from tests.conftest import PASSWORD, csrf_token_from
from tests.editing_helpers import signed_in_client

FROM_ANOTHER_SITE = [
    {"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"},
    {"Sec-Fetch-Site": "same-site", "Origin": "http://other.localhost"},
    {"Origin": "https://evil.example"},
    {"Origin": "null"},
    {"Origin": "https://localhost"},  # this host, but another scheme
]
FROM_THIS_SITE = [
    {},  # no header at all: old browsers, scripts; the CSRF token decides
    {"Sec-Fetch-Site": "same-origin", "Origin": "http://localhost"},
    {"Origin": "http://localhost"},
    {"Sec-Fetch-Site": "none"},  # typed or bookmarked by the person themselves
]
ATTACKERS_FORM = {
    "email": "attacker@evil.example",
    "name": "",
    "role": "admin",
    "organisation": "",
    "password": "a long attacker password",
}


def accounts(app) -> set[str]:
    with app.app_context():
        return set(db.session.scalars(select(User.email)))


@pytest.fixture
def admin(app, make_user):
    return signed_in_client(app, make_user("admin", email="admin@example.org"))


@pytest.mark.parametrize("headers", FROM_ANOTHER_SITE)
def test_another_sites_form_never_creates_an_account(app, admin, headers):
    token = csrf_token_from(admin.get("/manage/users/"))  # even with a valid token
    response = admin.post("/manage/users/", data={**ATTACKERS_FORM, "csrf_token": token},
                          headers=headers)  # fmt: skip
    body = response.get_data(as_text=True)
    assert response.status_code == 403
    assert "came from another site" in body and "nothing was changed" in body
    assert "attacker@evil.example" not in accounts(app)


@pytest.mark.parametrize("headers", FROM_ANOTHER_SITE[:3])
def test_the_auto_submit_with_the_cookie_left_behind_is_not_resumed_after_sign_in(
    app, make_user, headers
):
    """SameSite=Lax keeps the admin's cookie back: the request arrives signed out. It is
    refused there and then, so signing in afterwards has nothing to finish."""
    make_user("admin", email="admin@example.org")
    victim = app.test_client()
    response = victim.post("/manage/users/", data=ATTACKERS_FORM, headers=headers)
    body = response.get_data(as_text=True)
    assert response.status_code == 403
    assert "attacker@evil.example" not in body and 'name="resume"' not in body

    token = csrf_token_from(victim.get("/login"))
    signed_in = victim.post(
        "/login", data={"email": "admin@example.org", "password": PASSWORD, "csrf_token": token,
                        "next": "/manage/users/"},
    )  # fmt: skip
    assert signed_in.status_code == 303
    assert "attacker@evil.example" not in victim.get("/manage/users/").get_data(as_text=True)
    assert "attacker@evil.example" not in accounts(app)


@pytest.mark.parametrize("headers", FROM_THIS_SITE)
def test_this_sites_own_forms_still_work(app, admin, headers):
    token = csrf_token_from(admin.get("/manage/users/"))
    form = {**ATTACKERS_FORM, "email": "new@example.org", "role": "editor", "csrf_token": token}
    response = admin.post("/manage/users/", data=form, headers=headers)
    assert response.status_code == 303
    assert "new@example.org" in accounts(app)


def test_safe_requests_from_another_site_are_answered(client):
    """Following a link from another site is how readers arrive."""
    response = client.get("/login", headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 200


def sample(rule, name):
    """A value the rule builds with: a listed word for ``any(...)``, else 1."""
    words = getattr(rule._converters[name], "items", None)
    return sorted(words)[0] if words else 1


def test_every_unsafe_route_refuses_another_site(app, make_user):
    """Public routes too (sign-in, applications...), signed in or not."""
    clients = {"anonymous": app.test_client(),
               "admin": signed_in_client(app, make_user("admin"))}  # fmt: skip
    with app.app_context():
        users_before = db.session.scalar(select(func.count()).select_from(User))
    wrong = []
    for rule in app.url_map.iter_rules():
        unsafe = sorted((rule.methods or set()) - {"GET", "HEAD", "OPTIONS", "TRACE"})
        if not unsafe or rule.endpoint == "static":
            continue
        url = rule.build({name: sample(rule, name) for name in rule.arguments})[1]
        for who, client in clients.items():
            for method in unsafe:
                response = client.open(url, method=method, data={"email": "x@example.org"},
                                       headers={"Origin": "https://evil.example"})  # fmt: skip
                if response.status_code != 403 or b"another site" not in response.data:
                    wrong.append(f"{method} {url} as {who}: {response.status_code}")
    assert wrong == []
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == users_before
