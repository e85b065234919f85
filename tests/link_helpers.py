"""Reading the one-time links out of the mail the site sends, as a person would."""

import re
from email.message import EmailMessage
from urllib.parse import urlsplit

from tests.conftest import csrf_token_from


def text_of_mail(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()


def link_in(message: EmailMessage, kind: str) -> str:
    """The path of the one link under /login/<kind>/ in ``message``'s text."""
    links = re.findall(rf"https?://\S+/login/{kind}/[A-Za-z0-9_-]+", text_of_mail(message))
    assert len(links) == 1, text_of_mail(message)
    return urlsplit(links[0]).path


def mails_to(messages: list[EmailMessage], address: str) -> list[EmailMessage]:
    return [message for message in messages if message["To"] == address]


def post_form(client, url: str, data: dict, page: str | None = None):
    """POST ``data`` with the CSRF token of the form on ``page`` (default: ``url``)."""
    token = csrf_token_from(client.get(page or url))
    return client.post(url, data={"csrf_token": token, **data})


def set_password(client, path: str, password: str):
    """Fill in the page a link opens with a new password, twice."""
    return post_form(client, path, {"password": password, "repeat_password": password})
