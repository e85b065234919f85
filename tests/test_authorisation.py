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
    # The members' area: every member, whatever their organisation, and the coordinators.
    # (Before the sign-out below, which ends the session.)
    "members.index": ("GET", "/members/", signed_in(200, (303, LOGIN))),
    "members.people": ("GET", "/members/people/", signed_in(200, (303, LOGIN))),
    "members.document": (
        "GET",
        "/members/documents/report/members-budget/",
        signed_in(200, (303, LOGIN)),
    ),
    "members.download": ("GET", lambda: file_of_the_members_report(), signed_in(200, (303, LOGIN))),
    "accounts.logout": ("POST", "/logout", signed_in((303, "/"), (302, LOGIN))),
    # Only after the right password of an account with a second factor, in that session.
    "accounts.second_step": ("GET", "/login/second-step", everyone((303, LOGIN))),
    "accounts.forgot_password": ("GET", "/login/forgot", everyone(200)),
    # One-time links: a token no one was sent opens a page that says what to do next.
    "accounts.reset_password": ("GET", "/login/reset/no-such-token", everyone(404)),
    "accounts.accept_invitation_link": ("GET", "/login/invitation/no-such-token", everyone(404)),
    "accounts.confirm_email": ("GET", "/login/email/no-such-token", everyone(404)),
    "pages.page": ("GET", "/pages/about/", everyone(200)),
    "uploads.download": ("GET", lambda: file_of_the_about_page(), everyone(200)),
    "guideline.overview": ("GET", "/guidelines/", everyone(200)),
    "guideline.module": ("GET", "/guidelines/formation/", everyone(200)),
    "guideline.step": ("GET", "/guidelines/formation/planning/", everyone(200)),
    "guideline.cases": ("GET", "/guidelines/cases/", everyone(200)),
    "guideline.case": ("GET", "/guidelines/cases/gavi/", everyone(200)),
    "guideline.governance": ("GET", "/guidelines/governance/", everyone(200)),
    "guideline.success_factors": ("GET", "/guidelines/success-factors/", everyone(200)),
    "guideline.where_we_are": ("GET", "/guidelines/where-we-are/", everyone(200)),
    "meetings.index": ("GET", "/meetings/", everyone(200)),
    "meetings.meeting": ("GET", lambda: f"/meetings/{approved_meeting().key}/", everyone(200)),
    "meetings.minutes_text": (
        "GET",
        lambda: f"/meetings/{approved_meeting().key}/minutes-v1.md",
        everyone(200),
    ),
    "meetings.body": ("GET", "/meetings/bodies/steering-committee/", everyone(200)),
    "decisions.index": ("GET", "/decisions/", everyone(200)),
    "decisions.year": ("GET", lambda: f"/decisions/year/{decision_year()}/", everyone(200)),
    "decisions.status": ("GET", "/decisions/status/agreed/", everyone(200)),
    "reports.index": ("GET", "/reports/", everyone(200)),
    "reports.of_type": ("GET", "/reports/type/annual/", everyone(200)),
    "reports.year": (
        "GET",
        lambda: f"/reports/year/{first_report().issued_on.year}/",
        everyone(200),
    ),
    "reports.report": ("GET", lambda: f"/reports/{first_report().slug}/", everyone(200)),
    "funding.index": ("GET", "/funding/", everyone(200)),
    "feeds.atom": ("GET", "/feed.xml", everyone(200)),
    "feeds.calendar": ("GET", "/meetings/upcoming.ics", everyone(200)),
    "opendata.index": ("GET", "/data/", everyone(200)),
    "opendata.download": ("GET", "/data/decisions.csv", everyone(200)),
    "crawl.not_found": ("GET", "/404.html", everyone(404)),
    "crawl.robots": ("GET", "/robots.txt", everyone(200)),
    "crawl.sitemap": ("GET", "/sitemap.xml", everyone(200)),
    # A small site's sitemap is one file: it has no parts.
    "crawl.sitemap_part": ("GET", "/sitemaps/1.xml", everyone(404)),
    "partners.index": ("GET", "/partners/", everyone(200)),
    "partners.index_page": ("GET", "/partners/page/1/", everyone(301)),
    "partners.partner": ("GET", lambda: f"/partners/{first_partner().slug}/", everyone(200)),
    "partners.apply": ("GET", "/partners/apply/", everyone(200)),
    "partners.application_sent": ("GET", "/partners/apply/sent/", everyone(200)),
    # Only with a link signed for a partner contact (tests/test_notifications.py).
    "notifications.confirm_entry": ("GET", "/confirm-entry/not-signed", everyone(400)),
    "partners.country": ("GET", "/partners/country/vn/", everyone(200)),
    "partners.group": ("GET", "/partners/group/government/", everyone(200)),
    "partners.sdg": ("GET", "/partners/sdg/6/", everyone(200)),
    "subscriptions.subscribe": ("GET", "/subscribe/", everyone(200)),
    "subscriptions.sent": ("GET", "/subscribe/sent/", everyone(200)),
    # A link's token is the proof, whoever is signed in: a forged one is refused.
    "subscriptions.confirm": ("GET", "/subscribe/confirm/forged/", everyone(404)),
    "subscriptions.manage_subscription": ("GET", "/subscribe/manage/forged/", everyone(404)),
    "subscriptions.unsubscribe": ("GET", "/subscribe/unsubscribe/forged/", everyone(404)),
    "search.index": ("GET", "/search/?q=water", everyone(200)),
    "search.everything": ("GET", "/search/all/", everyone(200)),
}


def approved_meeting():
    from app.meetings.models import Meeting, Minutes

    query = select(Meeting).join(Minutes, Minutes.meeting_id == Meeting.id)
    return db.session.scalars(query.where(Minutes.approved_sha256.is_not(None))).first()


def first_partner():
    from app.partners.models import Partner

    return db.session.scalars(select(Partner).where(Partner.status == "published")).first()


def file_of_the_about_page():
    from app.uploads.models import Attachment

    attachment = db.session.scalars(
        select(Attachment).where(Attachment.original_name == "guide.pdf")
    ).one()
    return f"/files/{attachment.id}/guide.pdf"


def file_of_the_members_report():
    from app.uploads.models import Attachment

    attachment = db.session.scalars(
        select(Attachment).where(Attachment.original_name == "budget.pdf")
    ).one()
    return f"/members/files/{attachment.id}/budget.pdf"


def decision_year():
    from app.decisions.services import filter_options

    return filter_options().years[0]


def first_report():
    from app.reports.models import Report

    return db.session.scalars(select(Report).where(Report.status == "published")).first()


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
        if callable(path):
            with client.application.app_context():
                path = path()
        if method == "GET":
            response = client.get(path)
        else:
            token = csrf_token_from(client.get("/login"))
            response = client.open(path, method=method, data={"csrf_token": token})
        assert response.status_code == status, (endpoint, path, role)
        if location is not None:
            assert response.headers["Location"].split("?")[0] == location, (endpoint, role)
        response.close()


def publish_one_of_everything(app, author):
    """The bundled guideline, and a published page with a file, for the public routes."""
    from app.demo.transparency import load_transparency_demo
    from app.editing.services import create_record, publish_record
    from app.editing.sharing import mark_members_only, share_with_members
    from app.pages.models import Page
    from app.partners.demo import load_demo_partners
    from app.partners.models import Partner
    from app.reports.models import Report
    from app.transparency.dates import local_today
    from app.uploads.services import store_attachment
    from tests.guideline_helpers import import_bundled
    from tests.test_editing import tiny_pdf

    import_bundled(app)
    with app.app_context():
        load_transparency_demo(local_today())
        load_demo_partners()
        user = db.session.get(User, author.id)
        page = create_record(Page, {"title": "About", "slug": "about", "body": "Hi"}, user)
        store_attachment(page, tiny_pdf(), "guide.pdf", user)
        publish_record(page, user)
        # The members' organisations, and a report kept for members and shared with them.
        for slug in ("org-a", "org-b"):
            organisation = create_record(
                Partner, {"name": slug, "slug": slug, "stakeholder_group": "academia"}, user
            )
            publish_record(organisation, user)
        report = create_record(
            Report,
            {"title": "Budget", "slug": "members-budget", "issued_on": "2026-01-05"},
            user,
        )
        store_attachment(report, tiny_pdf(), "budget.pdf", user)
        db.session.commit()
        mark_members_only(report, user)
        share_with_members(report, user)
