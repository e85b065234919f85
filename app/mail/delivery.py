"""Delivering a composed message: by SMTP when MAIL_SERVER is set, else into the outbox.

Delivery is a job with retries and a growing back-off (1, 2, 4, 8, 16 minutes): a mail
server that is down for a while delays mail, and one that keeps refusing leaves the job
failed, listed at /manage/jobs/ to try again.
"""

import secrets
from datetime import UTC, datetime
from email.utils import formataddr
from pathlib import Path

from flask import current_app
from flask_mailman import EmailMultiAlternatives

from app.jobs import queue
from app.mail.compose import Composed
from app.site.services import site_settings


def outbox_folder() -> Path:
    return Path(current_app.instance_path) / "outbox"


def sender() -> str:
    """The From address: MAIL_DEFAULT_SENDER under the site's name."""
    address = current_app.config["MAIL_DEFAULT_SENDER"]
    return formataddr((site_settings()["name"], address))


def build_message(composed: Composed) -> EmailMultiAlternatives:
    """Plain text first, then the HTML alternative (mail programs show the last they can)."""
    message = EmailMultiAlternatives(
        composed.subject, composed.text, sender(), [composed.to], headers=composed.headers
    )
    if composed.html:
        message.attach_alternative(composed.html, "text/html")
    return message


def write_to_outbox(message: EmailMultiAlternatives) -> Path:
    """Write ``message`` as an .eml file in the outbox; returns its path.

    Named by time, so the newest sorts last; written beside and renamed, so a reader never
    sees half a message.
    """
    folder = outbox_folder()
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    path = folder / f"{stamp}-{secrets.token_hex(4)}.eml"
    partial = path.with_suffix(".part")
    partial.write_bytes(message.message().as_bytes())
    partial.replace(path)
    return path


def deliver(composed: Composed) -> str:
    """Send ``composed`` now; returns where it went (the SMTP server, or the outbox file).

    Raises the SMTP library's error when the server refuses or cannot be reached.
    """
    message = build_message(composed)
    config = current_app.config
    if not config["MAIL_SERVER"]:
        return str(write_to_outbox(message))
    # As a context manager, the connection is closed even when the server refuses.
    with current_app.extensions["mailman"].get_connection(backend="smtp") as connection:
        connection.send_messages([message])
    return f"{config['MAIL_SERVER']}:{config['MAIL_PORT']}"


@queue.task(retries=5, retry_delay=60, retry_backoff=2)
def deliver_mail(composed: Composed) -> None:
    """Deliver one message (queued by send_mail)."""
    deliver(composed)


@queue.task()
def deliver_mails(batch: list[Composed]) -> None:
    """Deliver many messages (queued by send_mails) over one connection to the server.

    One job and one SMTP session for a whole batch, where a digest to thousands would
    otherwise queue a job and open a connection per reader. If the server fails part way,
    each message not yet sent becomes a job of its own, with deliver_mail's retries, so
    nobody gets a message twice and nobody is left out.
    """
    config = current_app.config
    if not config["MAIL_SERVER"]:
        for composed in batch:
            write_to_outbox(build_message(composed))
        return
    sent = 0
    try:
        with current_app.extensions["mailman"].get_connection(backend="smtp") as connection:
            for composed in batch:
                connection.send_messages([build_message(composed)])
                sent += 1
    except Exception:  # noqa: BLE001  (any failure: the rest go one by one, with retries)
        current_app.logger.warning("Mail batch stopped after %d of %d", sent, len(batch))
        for composed in batch[sent:]:
            deliver_mail(composed)
