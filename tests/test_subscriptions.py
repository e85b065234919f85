"""Readers subscribe by email: a confirmed address gets daily or weekly digests of what was
published, in its language, and leaves in one click. Mail goes to a real SMTP server and
through the real job queue."""

import json
import re
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from app.accounts.models import utcnow
from app.extensions import db
from app.meetings.models import Meeting
from app.subscriptions import tasks
from app.subscriptions.models import Subscriber
from app.subscriptions.services import request_subscription
from app.translating.services import save_translation
from tests.conftest import csrf_token_from
from tests.editing_helpers import signed_in_client
from tests.export_helpers import all_text, html_files
from tests.jobs_helpers import run_queued_jobs
from tests.mail_helpers import mail_config
from tests.transparency_helpers import make_body, make_meeting, make_minutes, make_report

COPY = "https://copy.example.org/offline/"


@pytest.fixture
def app_config(request):
    config = {"EXPORT_BASE_URL": COPY, "SUBSCRIPTION_MAIL_INTERVAL": 0}
    config.update(getattr(request, "param", {}))
    if "smtp_server" in request.fixturenames:
        config.update(mail_config(request.getfixturevalue("smtp_server")))
    return config


def subscribe(client, email, path="/subscribe/", **choices):
    """Send the subscription form as a reader does: the page, then the form with its token."""
    token = csrf_token_from(client.get(path))
    data = {"csrf_token": token, "email": email, "follows": ["everything"],
            "frequency": "daily", "language": "en", **choices}  # fmt: skip
    return client.post(path, data=data)


def links_in(message) -> list[str]:
    return re.findall(r"https?://\S+", message.get_body(("plain",)).get_content())


def confirm(client, link):
    """Open the mail's confirmation link and press its button."""
    page = client.get(link)
    assert page.status_code == 200
    return client.post(link, data={"csrf_token": csrf_token_from(page)})


def a_day_passes(app) -> None:
    """Every subscriber's last digest (and confirmation) moves a day into the past."""
    day = timedelta(days=1)
    with app.app_context():
        for subscriber in db.session.scalars(select(Subscriber)):
            subscriber.requested_at -= day
            if subscriber.confirmed_at:
                subscriber.confirmed_at -= day
                subscriber.last_digest_at -= day
        db.session.commit()


def run_hourly_digest_job(app) -> int:
    """What the worker does on the hour: the periodic job, and the batches it queues."""
    with app.app_context():
        tasks.send_due_digests()
    return run_queued_jobs(app)


def publish_minutes(app, title="General assembly", french_title=None) -> None:
    with app.app_context():
        body = make_body()
        meeting = make_meeting(body, "2026-11-30", slug="assembly", title=title)
        make_minutes(meeting, "We met and agreed.", stage="published")
        if french_title:
            record = db.session.get(Meeting, meeting)
            save_translation(record, "fr", {"title": french_title}, None, None, publish=True)
        db.session.commit()


def subscribers(app) -> list[Subscriber]:
    with app.app_context():
        found = db.session.scalars(select(Subscriber)).all()
        db.session.expunge_all()
        return found


def test_a_reader_subscribes_confirms_gets_a_digest_in_french_and_leaves_in_one_click(
    app, client, smtp_server
):
    response = subscribe(client, "Lea@Example.org", path="/fr/subscribe/", language="fr")
    assert response.status_code == 303
    assert response.headers["Location"] == "/fr/subscribe/sent/"
    run_queued_jobs(app)
    (confirmation,) = smtp_server.wait_for(1)
    assert confirmation["To"] == "lea@example.org"
    assert confirmation["Content-Language"] == "fr"
    assert "List-Unsubscribe" not in confirmation  # not a bulk message
    (link,) = [url for url in links_in(confirmation) if "/subscribe/confirm/" in url]
    assert link.startswith("http://localhost/fr/subscribe/confirm/")

    # Opening the link confirms nothing (mail scanners open links); the button does.
    client.get(link)
    assert subscribers(app)[0].confirmed_at is None
    confirmed = confirm(client, link)
    assert confirmed.status_code == 200
    assert "lea@example.org" in confirmed.get_data(as_text=True)

    publish_minutes(app, french_title="Assemblée générale")
    a_day_passes(app)
    run_hourly_digest_job(app)
    digest = smtp_server.wait_for(2)[1]
    assert digest["To"] == "lea@example.org"
    assert digest["Content-Language"] == "fr"
    text = digest.get_body(("plain",)).get_content()
    assert "Procès-verbal\xa0: Assemblée générale, 30 novembre 2026" in text
    assert "http://localhost/fr/meetings/2026-11-30-assembly/#minutes" in text
    # The static copy has an address of its own: each item links there too.
    assert f"{COPY}fr/meetings/2026-11-30-assembly/#minutes" in text
    html = digest.get_body(("html",)).get_content()
    assert 'href="http://localhost/fr/meetings/2026-11-30-assembly/#minutes"' in html
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    header = digest["List-Unsubscribe"].strip()  # a long header is folded onto its own line
    assert re.fullmatch(r"<[^<>\s]+>", header), header
    unsubscribe = header[1:-1]
    assert unsubscribe.startswith("http://localhost/fr/subscribe/unsubscribe/")

    # The mail provider's one-click POST: no session, no form token, no browser headers.
    provider = app.test_client()
    answer = provider.post(unsubscribe, data={"List-Unsubscribe": "One-Click"})
    assert answer.status_code == 200
    assert subscribers(app) == []

    with app.app_context():
        make_report("water-audit", title="Water audit")
        db.session.commit()
    a_day_passes(app)
    run_hourly_digest_job(app)
    assert len(smtp_server.messages) == 2  # no further digest


def test_only_confirmed_addresses_get_digests_and_only_when_something_is_new(
    app, client, smtp_server
):
    subscribe(client, "waiting@example.org")
    subscribe(client, "confirmed@example.org")
    run_queued_jobs(app)
    messages = smtp_server.wait_for(2)
    (mail,) = [message for message in messages if message["To"] == "confirmed@example.org"]
    confirm(client, next(url for url in links_in(mail) if "/confirm/" in url))

    a_day_passes(app)
    run_hourly_digest_job(app)  # nothing published: no digest
    publish_minutes(app)
    run_hourly_digest_job(app)  # not yet a day since the last one was due
    assert len(smtp_server.messages) == 2

    a_day_passes(app)
    run_hourly_digest_job(app)
    digests = smtp_server.wait_for(3)[2:]
    assert [message["To"] for message in digests] == ["confirmed@example.org"]
    text = digests[0].get_body(("plain",)).get_content()
    assert "Minutes: General assembly, 30 November 2026" in text


def test_a_digest_lists_only_what_the_subscriber_follows_and_no_draft(app, client, smtp_server):
    subscribe(client, "reports@example.org", follows=["reports"], frequency="weekly")
    run_queued_jobs(app)
    confirm(client, next(url for url in links_in(smtp_server.wait_for(1)[0]) if "/confirm/" in url))
    publish_minutes(app)
    with app.app_context():
        make_report("water-audit", title="Water audit")
        make_report("draft-plan", title="A draft plan", publish=False)
        db.session.commit()
    a_day_passes(app)
    run_hourly_digest_job(app)
    assert len(smtp_server.messages) == 1  # weekly: not due after a day
    for _day in range(6):
        a_day_passes(app)
    run_hourly_digest_job(app)
    text = smtp_server.wait_for(2)[1].get_body(("plain",)).get_content()
    assert "Water audit" in text
    assert "General assembly" not in text
    assert "A draft plan" not in text


def test_the_answer_is_the_same_for_a_new_a_waiting_and_a_subscribed_address(
    app, client, smtp_server
):
    new = subscribe(client, "new@example.org")
    run_queued_jobs(app)
    confirm(client, next(url for url in links_in(smtp_server.wait_for(1)[0]) if "/confirm/" in url))
    waiting = subscribe(client, "waiting@example.org")
    again = subscribe(client, "waiting@example.org")
    subscribed = subscribe(client, "NEW@example.org", frequency="weekly")
    answers = {(r.status_code, r.headers["Location"]) for r in (new, waiting, again, subscribed)}
    assert answers == {(303, "/subscribe/sent/")}
    assert client.get("/subscribe/sent/").status_code == 200

    run_queued_jobs(app)
    messages = smtp_server.wait_for(4)[1:]
    to_subscribed = [m for m in messages if m["To"] == "new@example.org"]
    (manage_mail,) = to_subscribed
    assert "already" in manage_mail.get_body(("plain",)).get_content()
    (manage_link,) = [url for url in links_in(manage_mail) if "/subscribe/manage/" in url]
    # Asking again changed nothing: only the owner's link does.
    assert {s.email: s.frequency for s in subscribers(app)}["new@example.org"] == "daily"

    page = client.get(manage_link)
    assert page.status_code == 200
    data = {"csrf_token": csrf_token_from(page), "follows": ["decisions", "reports"],
            "frequency": "weekly", "language": "es"}  # fmt: skip
    assert client.post(manage_link, data=data).status_code == 200
    (changed,) = [s for s in subscribers(app) if s.email == "new@example.org"]
    assert (changed.kinds, changed.frequency, changed.language) == (
        ["decisions", "reports"], "weekly", "es",
    )  # fmt: skip


def test_one_address_gets_at_most_one_mail_per_interval_however_often_it_is_named(
    app, client, smtp_server
):
    app.config["SUBSCRIPTION_MAIL_INTERVAL"] = 600
    for _attempt in range(3):
        assert subscribe(client, "victim@example.org").status_code == 303
    run_queued_jobs(app)
    assert len(smtp_server.wait_for(1)) == 1


def test_the_form_keeps_the_text_and_says_what_is_wrong(client):
    response = subscribe(client, "not an address", follows=[])
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "This does not look like an email address." in text
    assert 'value="not an address"' in text
    assert "Choose at least one thing to follow." in text


def test_a_post_without_the_forms_token_subscribes_no_one(app, client, smtp_server):
    client.get("/subscribe/")
    data = {"email": "forged@example.org", "follows": ["everything"], "frequency": "daily",
            "language": "en"}  # fmt: skip
    response = client.post("/subscribe/", data=data)
    assert response.status_code == 422
    assert "This form had expired" in response.get_data(as_text=True)
    assert subscribers(app) == []
    assert run_queued_jobs(app) == 0


def test_subscribing_is_throttled_per_client_address(app, client):
    app.config["SUBSCRIBE_RATE_LIMIT"] = "3 per hour"
    statuses = [subscribe(client, f"reader{n}@example.org").status_code for n in range(4)]
    assert statuses == [303, 303, 303, 429]


def test_the_footer_form_fills_in_the_address_and_subscribes_no_one(app, client):
    home = client.get("/").get_data(as_text=True)
    assert 'class="footer-subscribe"' in home
    assert 'name="csrf_token"' not in home  # a public page keeps no session
    response = client.post("/subscribe/", data={"footer": "1", "email": "sam@example.org"})
    assert response.status_code == 200
    assert 'value="sam@example.org"' in response.get_data(as_text=True)
    assert subscribers(app) == []
    # The coordinators' side is for work: no such form there.
    assert 'class="footer-subscribe"' not in client.get("/login").get_data(as_text=True)


def test_a_forged_link_is_refused_with_a_friendly_page_and_a_get_never_unsubscribes(
    app, client, smtp_server
):
    subscribe(client, "kim@example.org")
    run_queued_jobs(app)
    confirm(client, next(url for url in links_in(smtp_server.wait_for(1)[0]) if "/confirm/" in url))
    with app.app_context():
        from app.subscriptions.mails import unsubscribe_url

        with app.test_request_context("/"):
            real = unsubscribe_url(db.session.scalars(select(Subscriber)).one())
    forged = real[:-6] + ("A" if real[-6] != "A" else "B") + real[-5:]
    for method in ("get", "post"):
        response = getattr(client, method)(forged, data={"List-Unsubscribe": "One-Click"})
        assert response.status_code == 404
        assert "Link not valid" in response.get_data(as_text=True)
    page = client.get(real)
    assert page.status_code == 200
    assert 'name="List-Unsubscribe" value="One-Click"' in page.get_data(as_text=True)
    assert len(subscribers(app)) == 1
    assert client.get("/subscribe/confirm/forged/").status_code == 404


def test_the_one_click_post_passes_the_cross_site_check_but_a_browser_form_elsewhere_does_not(
    app, client, smtp_server
):
    subscribe(client, "ola@example.org")
    run_queued_jobs(app)
    confirm(client, next(url for url in links_in(smtp_server.wait_for(1)[0]) if "/confirm/" in url))
    with app.app_context(), app.test_request_context("/"):
        from app.subscriptions.mails import unsubscribe_url

        url = unsubscribe_url(db.session.scalars(select(Subscriber)).one())
    provider = app.test_client()
    refused = provider.post(
        url, data={"List-Unsubscribe": "One-Click"}, headers={"Sec-Fetch-Site": "cross-site"}
    )
    assert refused.status_code == 403
    assert len(subscribers(app)) == 1
    assert provider.post(url, data={"List-Unsubscribe": "One-Click"}).status_code == 200
    assert subscribers(app) == []


def test_unconfirmed_subscriptions_are_purged_after_a_week(app):
    with app.app_context(), app.test_request_context("/"):
        request_subscription("old@example.org", [], "daily", "en")
        request_subscription("recent@example.org", [], "daily", "en")
        db.session.execute(
            update(Subscriber)
            .where(Subscriber.email == "old@example.org")
            .values(requested_at=utcnow() - timedelta(days=8))
        )
        db.session.commit()
        tasks.purge_unconfirmed_subscriptions()
    run_queued_jobs(app)
    assert [s.email for s in subscribers(app)] == ["recent@example.org"]


def test_an_administrator_finds_exports_and_deletes_a_subscriber(app, make_user):
    with app.app_context(), app.test_request_context("/"):
        request_subscription("ana@example.org", ["reports"], "weekly", "fr")
        request_subscription("bo@example.org", [], "daily", "en")
    editor = signed_in_client(app, make_user("editor"))
    assert editor.get("/manage/subscribers/").status_code == 403
    admin = signed_in_client(app, make_user("admin"))
    page = admin.get("/manage/subscribers/").get_data(as_text=True)
    assert "2 waiting for confirmation" in page
    assert "ana@example.org" not in page  # no list to copy out: only a search
    found = admin.get("/manage/subscribers/?q=ANA").get_data(as_text=True)
    assert "ana@example.org" in found and "bo@example.org" not in found
    (ana,) = [s for s in subscribers(app) if s.email == "ana@example.org"]

    download = admin.get(f"/manage/subscribers/{ana.id}/data.json")
    assert download.headers["Content-Disposition"].startswith("attachment")
    data = json.loads(download.get_data(as_text=True))
    assert data["email"] == "ana@example.org"
    assert (data["follows"], data["frequency"], data["language"]) == (["reports"], "weekly", "fr")
    assert data["confirmed_at"] is None

    token = csrf_token_from(admin.get("/manage/subscribers/?q=ana"))
    response = admin.post(f"/manage/subscribers/{ana.id}/delete", data={"csrf_token": token})
    assert response.status_code == 303
    assert [s.email for s in subscribers(app)] == ["bo@example.org"]
    assert admin.get(f"/manage/subscribers/{ana.id}/data.json").status_code == 404


LIVE = "https://live.example.org"


@pytest.mark.parametrize(
    ("app_config", "base_url", "link"),
    [
        ({"SITE_URL": LIVE}, "", f"{LIVE}/subscribe/"),
        ({"SITE_URL": LIVE}, COPY, f"{LIVE}/subscribe/"),
        ({"SITE_URL": ""}, "", None),  # no live address known: nothing to link to
        ({"SITE_URL": LIVE}, f"{LIVE}/", None),  # the copy is served at the live address
    ],
    indirect=["app_config"],
)
def test_the_export_links_to_the_live_form_and_never_holds_subscribers(
    app, tmp_path, base_url, link
):
    from app.export import run_export

    address = app.config["SITE_URL"] or "http://localhost"
    with app.app_context(), app.test_request_context("/", base_url=address):
        request_subscription("secret-reader@example.org", [], "daily", "en")
        db.session.execute(update(Subscriber).values(confirmed_at=utcnow()))
        db.session.commit()
    site = tmp_path / "site"
    with app.app_context():
        report = run_export(site, base_url=base_url or None)
    assert report.ok, report.problems
    # Subscribers are in no file: pages, feeds, data, sitemap, search index.
    for path in site.rglob("*"):
        if path.is_file() and path.suffix not in (".gz", ".br"):
            assert b"secret-reader" not in path.read_bytes(), path
    assert 'class="footer-subscribe"' not in all_text(site)
    assert not (site / "subscribe").exists()
    home = (site / "index.html").read_text(encoding="utf-8")
    french = (site / "fr" / "index.html").read_text(encoding="utf-8")
    if link:
        assert f'<a href="{link}">Subscribe by email</a>' in home
        assert f'href="{link.replace("/subscribe/", "/fr/subscribe/")}"' in french
    else:
        assert "Subscribe by email" not in home
    # No exported page holds a form that posts anywhere, to the live site least of all.
    for page in html_files(site):
        assert 'method="post"' not in page.read_text(encoding="utf-8").lower(), page
