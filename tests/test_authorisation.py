"""Who may do what: every route of the app, for every role, has an expected answer.

A new route makes this test fail until its row in EXPECTED says what each role gets, so
no page is ever reachable by accident. A disabled user signed in before being disabled;
they must get exactly what an anonymous reader gets.
"""

import pytest
from sqlalchemy import select

from app.accounts.models import User
from app.accounts.services import disable_user
from app.extensions import db
from tests.conftest import AuthActions, csrf_token_from

ROLES = ["anonymous", "partner-a", "partner-b", "editor", "admin", "disabled"]
SIGNED_IN = ["partner-a", "partner-b", "editor", "admin"]
LOGIN = "/login"


def everyone(answer):
    return dict.fromkeys(ROLES, answer)


def signed_in(answer, otherwise):
    return {role: answer if role in SIGNED_IN else otherwise for role in ROLES}


# Public and account routes. endpoint: (method, path, {role: status or (status, redirect)}).
# The /manage routes are in tests/test_manage_access.py, by the roles that may use them.
EXPECTED = {
    "static": ("GET", "/static/css/site.css", everyone(200)),
    "home.index": ("GET", "/", everyone(200)),
    "accounts.login": ("GET", "/login", everyone(200)),
    "accounts.logout": ("POST", "/logout", signed_in((303, "/"), (302, LOGIN))),
    "pages.page": ("GET", "/pages/about/", everyone(200)),
    "uploads.download": ("GET", "/files/1/guide.pdf", everyone(200)),
    "guideline.overview": ("GET", "/guidelines/", everyone(200)),
    "guideline.module": ("GET", "/guidelines/formation/", everyone(200)),
    "guideline.step": ("GET", "/guidelines/formation/planning/", everyone(200)),
    "guideline.cases": ("GET", "/guidelines/cases/", everyone(200)),
    "guideline.case": ("GET", "/guidelines/cases/gavi/", everyone(200)),
    "guideline.governance": ("GET", "/guidelines/governance/", everyone(200)),
    "guideline.success_factors": ("GET", "/guidelines/success-factors/", everyone(200)),
    "guideline.where_we_are": ("GET", "/guidelines/where-we-are/", everyone(200)),
}


@pytest.fixture
def app_config():
    return {"RATELIMIT_ENABLED": False}


def test_every_route_has_an_expected_answer_for_every_role(app):
    endpoints = {
        rule.endpoint for rule in app.url_map.iter_rules() if not rule.rule.startswith("/manage")
    }
    missing = sorted(endpoints - set(EXPECTED))
    assert missing == [], "say in EXPECTED what each role gets from these routes"
    assert sorted(set(EXPECTED) - endpoints) == [], "EXPECTED names routes that are gone"
    for _method, _path, answers in EXPECTED.values():
        assert set(answers) == set(ROLES)


@pytest.fixture
def client_as(app, make_user):
    boss = make_user("admin", email="boss@example.org")  # the last admin is never disabled
    publish_one_of_everything(app, boss)

    def sign_in(role):
        client = app.test_client()
        if role == "anonymous":
            return client
        kind = {"partner-a": "partner", "partner-b": "partner", "disabled": "editor"}.get(
            role, role
        )
        organisation = {"partner-a": "org-a", "partner-b": "org-b"}.get(role)
        make_user(kind, email=f"{role}@example.org", organisation=organisation)
        assert AuthActions(client).login(f"{role}@example.org").status_code == 303
        if role == "disabled":
            with app.app_context():
                boss, user = (
                    db.session.scalar(select(User).where(User.email == email))
                    for email in ("boss@example.org", "disabled@example.org")
                )
                disable_user(user, by=boss)
        return client

    return sign_in


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_is_expected_everywhere(client_as, role):
    client = client_as(role)
    for endpoint, (method, path, answers) in EXPECTED.items():
        expected = answers[role]
        status, location = expected if isinstance(expected, tuple) else (expected, None)
        if method == "GET":
            response = client.get(path)
        else:
            token = csrf_token_from(client.get("/login"))
            response = client.open(path, method=method, data={"csrf_token": token})
        assert response.status_code == status, (endpoint, role)
        if location is not None:
            assert response.headers["Location"].split("?")[0] == location, (endpoint, role)
        response.close()


def publish_one_of_everything(app, author):
    """The bundled guideline, and a published page with a file, for the public routes."""
    from app.editing.services import create_record, publish_record
    from app.pages.models import Page
    from app.uploads.services import store_attachment
    from tests.guideline_helpers import import_bundled
    from tests.test_editing import tiny_pdf

    import_bundled(app)
    with app.app_context():
        user = db.session.get(User, author.id)
        page = create_record(Page, {"title": "About", "slug": "about", "body": "Hi"}, user)
        store_attachment(page, tiny_pdf(), "guide.pdf", user)
        publish_record(page, user)
