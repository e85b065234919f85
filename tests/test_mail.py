"""Outgoing mail: text first and HTML, in the recipient's language, signed with the site's
name, delivered by a job to a real SMTP server or written to the outbox, which
administrators read at /manage/outbox/."""

import re
from datetime import timedelta
from pathlib import Path

import pytest

from app.mail import compose_mail, send_mail, send_mails
from app.mail.compose import Composed
from app.mail.delivery import deliver
from tests.editing_helpers import signed_in_client
from tests.jobs_helpers import run_queued_jobs
from tests.mail_helpers import mail_config

SITE = {"SITE_NAME": "Water Coalition"}


@pytest.fixture
def app_config(request):
    if "smtp_server" in request.fixturenames:
        return {**SITE, **mail_config(request.getfixturevalue("smtp_server"))}
    return dict(SITE)


def send_test_message(app, **options) -> None:
    with app.app_context():
        send_mail("ana@example.org", "mail/test", **options)


def test_a_message_arrives_by_smtp_in_the_recipients_language(app, smtp_server):
    unsubscribe = "https://partnership.example.org/subscribe/stop/abc"
    # Where readers find the site (set after the app is made, so that the test client's
    # requests to localhost are still answered).
    app.config["SITE_URL"] = "https://partnership.example.org"
    app.config["TRUSTED_HOSTS"] = [*app.config["TRUSTED_HOSTS"], "partnership.example.org"]
    send_test_message(app, language="fr", unsubscribe_url=unsubscribe)
    assert smtp_server.messages == []  # queued, not sent inside the request
    assert run_queued_jobs(app) == 1

    (message,) = smtp_server.wait_for(1)
    assert smtp_server.envelopes == [("coalition@example.org", ["ana@example.org"])]
    assert message["Subject"] == "[Water Coalition] Un message d’essai"
    assert message["From"] == "Water Coalition <coalition@example.org>"
    assert message["Content-Language"] == "fr"
    assert message.get_content_type() == "multipart/alternative"
    text, html = message.iter_parts()
    assert text.get_content_type() == "text/plain"  # first: what every program can show
    assert html.get_content_type() == "text/html"
    assert "Ce message a été envoyé par flask mail-test" in text.get_content()
    assert "https://partnership.example.org/" in text.get_content()  # links are absolute
    assert '<html lang="fr"' in html.get_content()
    assert message["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_message_that_is_not_bulk_has_no_unsubscribe_headers(app, smtp_server):
    send_test_message(app)
    run_queued_jobs(app)
    (message,) = smtp_server.wait_for(1)
    assert message["Subject"] == "[Water Coalition] A test message"
    assert message["Content-Language"] == "en"
    assert message["List-Unsubscribe"] is None and message["List-Unsubscribe-Post"] is None


def test_a_refusing_server_is_retried_then_the_message_is_listed_failed(
    app, smtp_server, make_user
):
    smtp_server.refusing = "550 5.7.1 Relaying denied"
    send_test_message(app)
    assert run_queued_jobs(app) == 1
    assert smtp_server.refused == 1
    # The retries wait for their back-off; let them come round.
    assert run_queued_jobs(app, later=timedelta(days=1)) == 5
    assert smtp_server.refused == 6 and smtp_server.messages == []

    admin = signed_in_client(app, make_user("admin"))
    page = admin.get("/manage/jobs/").get_data(as_text=True)
    assert "deliver_mail" in page and "SMTPDataError" in page and "Relaying denied" in page


def send_batch(app, count: int) -> None:
    with app.app_context():
        send_mails([compose_mail(f"reader{n}@example.org", "mail/test") for n in range(count)])


def test_a_batch_goes_out_as_one_job_over_one_connection(app, smtp_server):
    send_batch(app, 3)
    assert run_queued_jobs(app) == 1
    messages = smtp_server.wait_for(3)
    assert sorted(to for _sender, (to,) in smtp_server.envelopes) == [
        "reader0@example.org", "reader1@example.org", "reader2@example.org"]  # fmt: skip
    assert smtp_server.sessions == 1
    assert all(message["Subject"] == "[Water Coalition] A test message" for message in messages)


def test_a_batch_the_server_stops_is_finished_message_by_message(app, smtp_server):
    smtp_server.refusing = "451 4.3.0 Try again later"
    send_batch(app, 3)
    assert run_queued_jobs(app) == 1 + 3  # the batch, then each message as a job of its own
    smtp_server.refusing = None
    run_queued_jobs(app, later=timedelta(days=1))
    smtp_server.wait_for(3)
    assert len(smtp_server.messages) == 3  # each once


def outbox(app) -> list[Path]:
    return sorted((Path(app.instance_path) / "outbox").glob("*.eml"))


def test_without_a_mail_server_messages_wait_in_the_outbox_for_administrators(app, make_user):
    send_test_message(app)
    assert run_queued_jobs(app) == 1
    (written,) = outbox(app)

    admin = signed_in_client(app, make_user("admin"))
    listing = admin.get("/manage/outbox/").get_data(as_text=True)
    assert "ana@example.org" in listing and "[Water Coalition] A test message" in listing
    link = re.search(r'href="(/manage/outbox/[^"]+\.eml)"', listing).group(1)
    assert link.endswith(written.name)
    page = admin.get(link).get_data(as_text=True)
    assert "<pre" in page and "This message was sent by flask mail-test" in page

    for role in ("editor", "partner"):
        other = signed_in_client(
            app, make_user(role, organisation="org-a" if role == "partner" else None)
        )
        assert other.get("/manage/outbox/").status_code == 403
        assert other.get(link).status_code == 403
    assert admin.get("/manage/outbox/../config.py").status_code == 404


def test_a_message_is_shown_as_text_never_as_markup(app, make_user):
    with app.app_context():
        deliver(Composed("eve@example.org", "<b>Hi</b>", "<script>alert(1)</script>",
                         html="<img src=x onerror=alert(2)>"))  # fmt: skip
    admin = signed_in_client(app, make_user("admin"))
    listing = admin.get("/manage/outbox/").get_data(as_text=True)
    assert "&lt;b&gt;Hi&lt;/b&gt;" in listing and "<b>Hi</b>" not in listing
    link = re.search(r'href="(/manage/outbox/[^"]+\.eml)"', listing).group(1)
    page = admin.get(link).get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page and "<img src=x" not in page


def test_the_outbox_is_paged_newest_first(app, make_user):
    with app.app_context():
        for number in range(30):
            deliver(Composed("ana@example.org", f"Message {number:02d}", "Hello."))
    admin = signed_in_client(app, make_user("admin"))
    first = admin.get("/manage/outbox/").get_data(as_text=True)
    subjects = re.findall(r"Message (\d\d)", first)
    assert subjects[0] == "29" and len(subjects) == 25
    second = admin.get("/manage/outbox/?page=2").get_data(as_text=True)
    assert re.findall(r"Message (\d\d)", second) == ["04", "03", "02", "01", "00"]


def test_mail_test_says_which_server_took_the_message(app, smtp_server):
    result = app.test_cli_runner().invoke(args=["mail-test", "ops@example.org"])
    assert result.exit_code == 0, result.output
    assert result.output == f"Sent to ops@example.org through 127.0.0.1:{smtp_server.port}.\n"
    (message,) = smtp_server.wait_for(1)
    assert message["To"] == "ops@example.org"


def test_mail_test_says_where_the_outbox_is_without_a_server(app):
    result = app.test_cli_runner().invoke(args=["mail-test", "ops@example.org"])
    assert result.exit_code == 0, result.output
    (written,) = outbox(app)
    assert result.output == (
        f"No MAIL_SERVER is set: the message to ops@example.org is in the outbox, {written}\n"
    )


def test_mail_test_gives_the_servers_refusal_in_one_line(app, smtp_server):
    smtp_server.refusing = "554 5.7.1 Sender address rejected"
    result = app.test_cli_runner().invoke(args=["mail-test", "ops@example.org"])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1
    assert result.output.startswith("Could not send to ops@example.org: SMTPDataError:")
    assert "Sender address rejected" in result.output
