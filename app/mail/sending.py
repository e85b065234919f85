"""send_mail: what features call to mail someone."""

from app.mail.compose import Composed, compose
from app.mail.delivery import deliver_mail, deliver_mails


def send_mail(
    to: str,
    template: str,
    language: str | None = None,
    unsubscribe_url: str | None = None,
    **context,
) -> None:
    """Render ``templates/mail/<template>.txt`` (and .html) for ``to`` in ``language`` (None:
    the site's default), then queue its delivery.

    ``unsubscribe_url`` marks a bulk message: it adds List-Unsubscribe and
    List-Unsubscribe-Post (one click, RFC 8058). Links in templates are built with
    ``url_for(..., _external=True)``, from SITE_URL when there is no request.
    """
    deliver_mail(compose(to, template, language, unsubscribe_url, **context))


def compose_mail(
    to: str,
    template: str,
    language: str | None = None,
    unsubscribe_url: str | None = None,
    **context,
) -> Composed:
    """The message send_mail would queue, rendered but not queued: for ``send_mails``."""
    return compose(to, template, language, unsubscribe_url, **context)


def send_mails(messages: list[Composed]) -> None:
    """Queue the delivery of many composed messages as one job (a digest to many readers)."""
    if messages:
        deliver_mails(messages)
