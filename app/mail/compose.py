"""Rendering a message: its subject, plain text and HTML, in the recipient's language."""

from contextlib import nullcontext
from dataclasses import dataclass, field

from flask import current_app, has_request_context, render_template
from flask_babel import force_locale
from jinja2 import TemplateNotFound

from app.i18n import default_language, is_right_to_left
from app.site.services import site_settings


@dataclass(frozen=True)
class Composed:
    """A message ready to deliver: plain data, so a queued job can carry it."""

    to: str
    subject: str
    text: str
    html: str = ""
    headers: dict[str, str] = field(default_factory=dict)


def _addressed_context():
    """A request context for links: the current request's, or one addressed to SITE_URL
    (a job has no request; ``url_for(..., _external=True)`` needs one)."""
    if has_request_context():
        return nullcontext()
    base_url = current_app.config["SITE_URL"] or "http://localhost"
    return current_app.test_request_context("/", base_url=base_url)


def compose(
    to: str, template: str, language: str | None, unsubscribe_url: str | None, **context
) -> Composed:
    """Render ``templates/mail/<template>.txt`` (and ``.html`` if it exists) in ``language``.

    The .txt template fills ``{% block subject %}`` and ``{% block body %}``; the subject is
    rendered from the first, one line, prefixed with the site's name.
    """
    language = language or default_language()
    with _addressed_context(), force_locale(language):
        site_name = site_settings()["name"]
        values = {
            "site_name": site_name,
            "unsubscribe_url": unsubscribe_url,
            "language": language,
            "is_right_to_left": is_right_to_left,
            **context,
        }
        text = render_template(f"mail/{template}.txt", part="body", **values)
        subject = render_template(f"mail/{template}.txt", part="subject", **values)
        try:
            html = render_template(f"mail/{template}.html", **values)
        except TemplateNotFound:
            html = ""
    headers = {"Content-Language": language, "Auto-Submitted": "auto-generated"}
    if unsubscribe_url:
        # RFC 2369 and RFC 8058: mail programs offer a one-click unsubscribe.
        headers["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    subject = " ".join(subject.split())
    return Composed(to, f"[{site_name}] {subject}", text.strip() + "\n", html, headers)
