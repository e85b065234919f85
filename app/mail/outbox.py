"""Reading the outbox: the messages written to <instance>/outbox/ when no MAIL_SERVER is set."""

import re
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import parsedate_to_datetime
from pathlib import Path

from app.mail.delivery import outbox_folder

# The names write_to_outbox gives; anything else in the folder is not listed or opened.
NAME = re.compile(r"^[0-9TZ]+-[0-9a-f]+\.eml$")


@dataclass(frozen=True)
class OutboxMessage:
    name: str
    to: str
    subject: str
    sent_at: datetime | None
    text: str
    html: str


def _read(path: Path) -> OutboxMessage:
    message: EmailMessage = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    try:
        sent_at = parsedate_to_datetime(message["Date"]) if message["Date"] else None
    except (TypeError, ValueError):
        sent_at = None
    return OutboxMessage(
        name=path.name,
        to=str(message["To"] or ""),
        subject=str(message["Subject"] or ""),
        sent_at=sent_at,
        text=text.get_content() if text is not None else "",
        html=html.get_content() if html is not None else "",
    )


def outbox_names() -> list[str]:
    """The outbox's messages, newest first."""
    folder = outbox_folder()
    if not folder.is_dir():
        return []
    return sorted((path.name for path in folder.iterdir() if NAME.match(path.name)), reverse=True)


def outbox_page(page: int, per_page: int) -> tuple[list[OutboxMessage], int]:
    """One page of messages, newest first, and how many there are in all."""
    names = outbox_names()
    chosen = names[(page - 1) * per_page : page * per_page]
    return [_read(outbox_folder() / name) for name in chosen], len(names)


def outbox_message(name: str) -> OutboxMessage | None:
    """The message called ``name``, or None for any name write_to_outbox does not give."""
    path = outbox_folder() / name
    if not NAME.match(name) or not path.is_file():
        return None
    return _read(path)
