"""Every /manage route refuses anonymous users and users of the wrong role.

The test walks ``app.url_map``: a new /manage route without an entry in EXPECTED fails it,
so access is decided on purpose for every route, not by accident. (The public routes are
walked the same way in tests/test_authorisation.py.)
"""

import pytest
from sqlalchemy import select

from app.editing.models import Revision
from app.extensions import db
from app.subscriptions.models import Subscriber
from tests.editing_helpers import new_page, signed_in_client

EVERYONE = {"admin", "editor", "partner"}
STAFF = {"admin", "editor"}
ADMIN = {"admin"}

# endpoint -> roles that get in (for a guideline-independent "page" record).
EXPECTED = {
    "manage.dashboard": EVERYONE,
    "manage.trash": STAFF,
    "manage.audit": ADMIN,
    "manage.settings": ADMIN,
    "manage.dismiss_first_steps": ADMIN,
    "export.manage.publish": STAFF,
    "export.manage.start": STAFF,
    "export.manage.offline_bundle": STAFF,
    "jobs.manage.jobs": ADMIN,
    "jobs.manage.retry": ADMIN,
    "mail.manage.outbox": ADMIN,
    "mail.manage.message": ADMIN,
    "accounts.manage.users": ADMIN,
    "accounts.manage.user": ADMIN,
    "accounts.manage.set_enabled": ADMIN,
    "accounts.manage.invite": ADMIN,
    "accounts.manage.invitation": ADMIN,
    "accounts.manage.account": EVERYONE,
    "accounts.manage.second_factor": EVERYONE,
    "accounts.manage.start_second_factor": EVERYONE,
    "accounts.manage.renew_codes": EVERYONE,
    "accounts.manage.turn_off": EVERYONE,
    "accounts.manage.reset_user_second_factor": ADMIN,
    "accounts.manage.change_own_password": EVERYONE,
    "accounts.manage.change_own_email": EVERYONE,
    "accounts.manage.end_one_session": EVERYONE,
    "accounts.manage.end_others": EVERYONE,
    "notifications.manage.save_choices": EVERYONE,
    "editing.index": STAFF,
    "editing.new": STAFF,
    "editing.edit": STAFF,  # partners pass the area check, but a page is not theirs
    "editing.conflict": STAFF,
    "editing.preview": EVERYONE,
    "editing.address": STAFF,
    "editing.history": STAFF,
    "editing.diff": STAFF,
    "editing.restore": STAFF,
    "editing.publish": STAFF,
    "editing.unpublish": STAFF,
    "editing.trash": STAFF,
    "editing.members_only": STAFF,
    "editing.for_everyone": STAFF,
    "editing.share": STAFF,
    "editing.untrash": STAFF,
    "editing.purge": ADMIN,
    "editing.review": STAFF,
    "editing.upload": STAFF,
    "editing.delete_upload": STAFF,
    "editing.restore_upload": STAFF,
    "guideline.manage.edit_progress": STAFF,
    "meetings.manage.minutes_approval": STAFF,
    "meetings.manage.minutes_stage": STAFF,
    "meetings.manage.circulate": STAFF,
    "meetings.manage.uncirculate": STAFF,
    "meetings.manage.approve": STAFF,
    "meetings.manage.amend": STAFF,
    "partners.manage.applications": STAFF,
    "partners.manage.decide_application": STAFF,
    "partners.manage.import_partners": STAFF,
    "partners.manage.choices": STAFF,
    "partners.manage.invite_contact": ADMIN,
    "subscriptions.manage.subscribers": ADMIN,
    "subscriptions.manage.subscriber_data": ADMIN,
    "subscriptions.manage.delete_subscriber": ADMIN,
    "translating.edit": STAFF,
    "translating.unpublish": STAFF,
}

ROLES = ["anonymous", "partner", "editor", "admin", "disabled"]


def manage_rules(app):
    return [rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/manage")]


def test_every_manage_route_has_an_expected_answer(app):
    missing = sorted({rule.endpoint for rule in manage_rules(app)} - EXPECTED.keys())
    assert missing == [], f"decide who may use these /manage routes: {missing}"


@pytest.fixture
def world(app, make_user):
    """A page with two revisions, and the ids every /manage URL needs."""
    editor = signed_in_client(app, make_user("editor", email="owner@example.org"))
    page_id = new_page(editor)
    with app.app_context():
        revision_id = db.session.scalar(select(Revision.id))
        subscriber = Subscriber(email="reader@example.org", language="en")
        db.session.add(subscriber)
        db.session.commit()
        subscriber_id = subscriber.id
    return {
        "record_type": "page",
        "record_id": page_id,
        "revision_id": revision_id,
        "attachment_id": 1,
        "verb": "accept",
        "user_id": 1,
        "application_id": 1,
        "language": "fr",
        "session_id": 1,
        "subscriber_id": subscriber_id,
        "job_id": 1,
        "name": "20260101T000000000000Z-00000000.eml",
        "partner_id": 1,
    }


def client_for(app, make_user, role):
    if role == "anonymous":
        return app.test_client()
    if role == "disabled":
        user = make_user("editor")
        client = signed_in_client(app, user)
        from app.accounts.models import User

        with app.app_context():
            db.session.get(User, user.id).is_disabled = True
            db.session.commit()
        return client
    return signed_in_client(
        app, make_user(role, organisation="org-a" if role == "partner" else None)
    )


@pytest.mark.parametrize("role", ROLES)
def test_manage_routes_answer_each_role_as_expected(app, make_user, world, role):
    client = client_for(app, make_user, role)
    wrong = []
    for rule in manage_rules(app):
        values = {name: world[name] for name in rule.arguments}
        if rule.endpoint == "accounts.manage.set_enabled":
            values["verb"] = "disable"
        if rule.endpoint == "accounts.manage.invitation":
            values["verb"] = "again"
        url = rule.build(values)[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            # Unsafe requests carry a form but no CSRF token: an answer of 400 (or a form
            # re-shown with 422) proves the request got past the access check unharmed.
            response = client.open(
                url, method=method, data={"x": "1"} if method == "POST" else None
            )
            status = response.status_code
            response.close()
            allowed = role in EXPECTED[rule.endpoint]
            if role in ("anonymous", "disabled"):
                ok = status in (303, 401) and (
                    status == 401 or "/login" in response.headers["Location"]
                )
            elif allowed:
                ok = status not in (401, 403) and status < 500
            else:
                ok = status == 403
            if not ok:
                wrong.append(f"{method} {url} as {role}: {status}")
    assert wrong == []
