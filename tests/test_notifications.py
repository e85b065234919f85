"""Notifications: who is mailed what, at once or in the daily digest, in their language;
reminders sent once; the yearly check's one-click confirmation.

Mail goes to a real SMTP server the test starts, through the real job queue.
"""

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from app.accounts.models import User
from app.decisions.models import Action
from app.editing.models import Revision, RevisionKind
from app.editing.services import publish_record, save_record
from app.extensions import db
from app.notifications.jobs import hourly_notifications
from app.notifications.preferences import save_preferences
from app.partners.models import JoinApplication, Partner
from app.partners.signals import application_submitted
from app.transparency.dates import local_today
from tests.conftest import csrf_token_from
from tests.editing_helpers import signed_in_client
from tests.jobs_helpers import run_queued_jobs
from tests.mail_helpers import mail_config
from tests.partners_helpers import form_data, make_partner
from tests.test_publish import edit_form_token
from tests.transparency_helpers import make_action, make_body, make_decision, make_meeting

APPLICATION = {
    "name": "Mekong Youth Water Club",
    "stakeholder_group": "civil-society",
    "country": "LA",
    "description": "Students monitoring the river.",
    "sdgs": ["6"],
    "contact_name": "Souk",
    "contact_email": "souk@example.org",
}


@pytest.fixture
def app_config(smtp_server):
    # Digests are due from midnight, so the test's day always has one.
    return {**mail_config(smtp_server), "NOTIFICATION_DIGEST_HOUR": 0}


def choose(app, user, **choices):
    with app.app_context():
        save_preferences(db.session.get(User, user.id), choices)


def apply_to_join(app):
    client = app.test_client()
    token = csrf_token_from(client.get("/partners/apply/"))
    response = client.post("/partners/apply/", data={**APPLICATION, "csrf_token": token})
    assert response.status_code == 303


def run_hourly_round(app) -> int:
    with app.app_context():
        hourly_notifications()  # queues it, as the scheduler does every hour
    return run_queued_jobs(app)


def addressed_to(messages, address):
    return [message for message in messages if message["To"] == address]


def text_of(message) -> str:
    return message.get_body(("plain",)).get_content()


def test_an_application_mails_at_once_lists_in_the_digest_or_says_nothing(
    app,
    make_user,
    smtp_server,
):
    make_user("admin", email="at-once@example.org")
    daily = make_user("editor", email="daily@example.org")
    never = make_user("editor", email="never@example.org")
    choose(app, daily, application="daily")
    choose(app, never, application="never")

    apply_to_join(app)
    run_queued_jobs(app)
    (mail,) = smtp_server.wait_for(1)
    assert mail["To"] == "at-once@example.org"
    assert mail["Subject"] == "[Roundtable] New application to join: Mekong Youth Water Club"
    body = text_of(mail)
    assert "http://localhost/manage/partner/applications/" in body
    assert "http://localhost/manage/account/#notifications" in body

    run_hourly_round(app)
    messages = smtp_server.wait_for(2)
    (digest,) = addressed_to(messages, "daily@example.org")
    assert "Mekong Youth Water Club" in text_of(digest)
    assert "http://localhost/manage/partner/applications/" in text_of(digest)

    # Once a day: the next round sends no second digest, and nothing ever went to "never".
    run_hourly_round(app)
    assert len(smtp_server.messages) == 2
    assert addressed_to(smtp_server.messages, "never@example.org") == []


def test_a_failed_publish_mails_the_coordinators(app, make_user, smtp_server):
    editor = make_user("editor", email="editor@example.org")
    # A real failure: the export refuses a folder that holds something else than an export.
    export = Path(app.config["EXPORT_FOLDER"])
    export.mkdir(parents=True)
    (export / "holiday-photos.txt").write_text("not an export")
    client = signed_in_client(app, editor)
    response = client.post("/manage/publish/", data={"csrf_token": edit_form_token(client)})
    assert response.status_code == 303
    run_queued_jobs(app)

    (mail,) = smtp_server.wait_for(1)
    assert mail["To"] == "editor@example.org"
    assert mail["Subject"] == "[Roundtable] Publish failed"
    assert "http://localhost/manage/publish/" in text_of(mail)


def test_a_rolled_back_change_mails_nobody(app, make_user, smtp_server):
    make_user("admin")
    with app.app_context():
        application = JoinApplication(**{**APPLICATION, "sdgs": [6]}, address_hash="x")
        db.session.add(application)
        db.session.flush()
        application_submitted.send(application)
        db.session.rollback()
    run_queued_jobs(app)
    run_hourly_round(app)
    assert smtp_server.messages == []


@pytest.fixture
def own_organisation(app):
    return make_partner(app, name="Delta Farmers' Union", slug="dfu", description="Old text.")


def test_an_accepted_suggestion_mails_the_partner_in_their_language(
    app,
    make_user,
    own_organisation,
    smtp_server,
):
    contact = make_user("partner", email="contact@dfu.example.org", organisation="dfu")
    with app.app_context():
        db.session.get(User, contact.id).language = "fr"
        db.session.commit()
        snapshot = db.session.get(Partner, own_organisation).snapshot()
    partner = signed_in_client(app, contact)
    page = partner.get(f"/manage/partner/{own_organisation}/edit")
    base = re.search(r'name="base_revision"[^>]*value="(\d*)"', page.get_data(as_text=True))
    data = form_data(snapshot, description="New text from the partner.")
    data.update(csrf_token=csrf_token_from(page), base_revision=base.group(1))
    assert partner.post(f"/manage/partner/{own_organisation}/edit", data=data).status_code == 303
    with app.app_context():
        submission_id = db.session.scalar(
            select(Revision.id).where(Revision.kind == RevisionKind.SUBMITTED)
        )

    editor = signed_in_client(app, make_user("editor"))
    token = csrf_token_from(editor.get(f"/manage/partner/{own_organisation}/edit"))
    accepted = editor.post(
        f"/manage/partner/{own_organisation}/submissions/{submission_id}/accept",
        data={"csrf_token": token},
    )
    assert accepted.status_code == 303
    run_queued_jobs(app)

    # The editor hears of suggestions in the daily digest: only the partner is mailed now.
    (mail,) = smtp_server.wait_for(1)
    assert mail["To"] == "contact@dfu.example.org"
    # (A long subject with accents arrives folded: its first line is empty.)
    assert mail["Subject"].strip() == (
        "[Roundtable] Votre proposition de modification de Delta Farmers' Union a été acceptée"
    )
    assert mail["Content-Language"] == "fr"
    assert f"http://localhost/manage/partner/{own_organisation}/edit" in text_of(mail)


def test_an_action_owner_is_told_once_and_again_for_a_new_due_date(
    app,
    make_user,
    own_organisation,
    smtp_server,
):
    make_user("partner", email="contact@dfu.example.org", organisation="dfu")
    with app.app_context():
        today = local_today()
        body = make_body()
        meeting = make_meeting(body, today - timedelta(days=60))
        decision = make_decision(meeting, "SC-1")
        action = make_action(decision, "dfu", due=today - timedelta(days=3), title="Map wells")

    run_hourly_round(app)
    run_hourly_round(app)
    (overdue,) = smtp_server.wait_for(1)
    assert overdue["To"] == "contact@dfu.example.org"
    assert overdue["Subject"].startswith("[Roundtable] Action overdue since ")
    assert "Map wells" in overdue["Subject"]
    assert f"http://localhost/decisions/#action-{action}" in text_of(overdue)

    # A new due date, within the reminder's week: reminded once of it.
    with app.app_context():
        record = db.session.get(Action, action)
        new_due = today + timedelta(days=3)
        save_record(record, {"due_on": new_due.isoformat()}, record.head_revision_id, None)
        publish_record(record, None)
    run_hourly_round(app)
    run_hourly_round(app)
    messages = smtp_server.wait_for(2)
    assert len(messages) == 2
    assert messages[1]["Subject"].startswith("[Roundtable] Action due on ")


def test_the_yearly_check_confirms_in_one_click_and_the_light_turns_green(
    app,
    client,
    make_user,
    smtp_server,
):
    confirmed_long_ago = date.today() - timedelta(days=400)
    make_partner(app, name="River Trust", slug="river", last_confirmed_on=confirmed_long_ago)
    make_user("partner", email="contact@river.example.org", organisation="river")
    assert "freshness-yellow" in client.get("/partners/river/").get_data(as_text=True)

    run_hourly_round(app)
    (mail,) = smtp_server.wait_for(1)
    assert mail["Subject"] == "[Roundtable] Is the entry of River Trust still right?"
    link = re.search(r"http://localhost(/confirm-entry/\S+)", text_of(mail)).group(1)

    # A changed link is refused with a page that says so.
    tampered = client.get(link[:-3] + ("abc" if not link.endswith("abc") else "xyz"))
    assert tampered.status_code == 400
    assert "This link does not work" in tampered.get_data(as_text=True)

    page = client.get(link)
    assert page.status_code == 200
    assert "Yes, it is still right" in page.get_data(as_text=True)
    assert "freshness-yellow" in client.get("/partners/river/").get_data(as_text=True)
    done = client.post(link, data={"csrf_token": csrf_token_from(page)})
    assert done.status_code == 200
    assert "the entry is confirmed" in done.get_data(as_text=True)
    assert "freshness-green" in client.get("/partners/river/").get_data(as_text=True)

    # Asked once a year, not every hour.
    run_hourly_round(app)
    assert len(smtp_server.messages) == 1


def test_choices_saved_on_the_account_page_take_effect(app, make_user, smtp_server):
    editor = make_user("editor", email="chooser@example.org")
    client = signed_in_client(app, editor)
    page = client.get("/manage/account/")
    html = page.get_data(as_text=True)
    assert "A new application to join" in html
    assert "Your suggested edit accepted or declined" not in html  # a partner's kind
    token = csrf_token_from(page)

    refused = client.post(
        "/manage/account/notifications",
        data={"csrf_token": token, "notify_application": "hourly", "notify_conflict": "never"},
    )
    assert refused.status_code == 422
    assert "Choose immediately, daily digest or never." in refused.get_data(as_text=True)

    saved = client.post(
        "/manage/account/notifications",
        data={
            "csrf_token": token,
            "notify_application": "never",
            "notify_suggestion": "daily",
            "notify_conflict": "daily",
            "notify_publish_failed": "immediately",
        },
    )
    assert saved.status_code == 303
    assert re.search(
        r'name="notify_application"[^>]*value="never"[^>]*checked',
        client.get("/manage/account/").get_data(as_text=True),
    )
    apply_to_join(app)
    run_queued_jobs(app)
    run_hourly_round(app)
    assert smtp_server.messages == []
