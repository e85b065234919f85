"""The mail that carries a one-time link, and the page the link opens, in one language."""

from contextlib import contextmanager
from datetime import timedelta

from flask import current_app, g, url_for
from flask_babel import force_locale, format_timedelta

from app.accounts.link_models import OneTimeLink
from app.accounts.tokens import LIFETIME_SETTINGS
from app.i18n import default_language, languages
from app.mail import send_mail


def mail_language(language: str | None) -> str:
    """``language`` if the site offers it, else the site's default language."""
    return language if language in languages() else default_language()


def link_url(endpoint: str, token: str) -> str:
    """The absolute address of the page ``endpoint`` for ``token``, built in a request."""
    return url_for(endpoint, token=token, _external=True)


def send_link(address: str, template: str, language: str | None, link: str, purpose,
              **context) -> None:  # fmt: skip
    """Mail ``address`` the one-time ``link`` of ``purpose``, written in ``language``.

    The template gets ``link`` and ``valid_for`` (how long the link works, in words of the
    language), with ``context`` (and ``site_name``, as every mail does).
    """
    language = mail_language(language)
    seconds = current_app.config[LIFETIME_SETTINGS[purpose]]
    with force_locale(language):
        valid_for = format_timedelta(timedelta(seconds=seconds), threshold=1)
    send_mail(
        address,
        template,
        language=language,
        link=link,
        valid_for=valid_for,
        **context,
    )


@contextmanager
def in_language_of(link: OneTimeLink | None):
    """Render the page a link opens in the language its mail was written in."""
    language = link.language if link is not None else None
    if language not in languages():
        yield
        return
    g.language = language  # what page_locale() and the language selector read
    with force_locale(language):
        yield
