"""The mails a subscriber receives about their subscription itself.

Links are absolute and in the subscriber's language, so the page they open speaks it.
"""

from app.i18n import localised_url
from app.mail import send_mail
from app.subscriptions.models import Subscriber
from app.subscriptions.tokens import confirmation_token, manage_token


def manage_url(subscriber: Subscriber) -> str:
    return localised_url(
        "subscriptions.manage_subscription",
        subscriber.language,
        token=manage_token(subscriber),
        _external=True,
    )


def unsubscribe_url(subscriber: Subscriber) -> str:
    return localised_url(
        "subscriptions.unsubscribe",
        subscriber.language,
        token=manage_token(subscriber),
        _external=True,
    )


def send_confirmation(subscriber: Subscriber) -> None:
    """The double opt-in: nothing is sent to the address but this until it is confirmed."""
    url = localised_url(
        "subscriptions.confirm",
        subscriber.language,
        token=confirmation_token(subscriber),
        _external=True,
    )
    send_mail(
        subscriber.email,
        "subscriptions/confirm",
        language=subscriber.language,
        confirm_url=url,
    )


def send_manage_link(subscriber: Subscriber) -> None:
    """Someone asked to subscribe an address that already is: its owner gets the link to
    change or leave the subscription, and nothing changes until they use it."""
    send_mail(
        subscriber.email,
        "subscriptions/manage",
        language=subscriber.language,
        manage_url=manage_url(subscriber),
        unsubscribe_link=unsubscribe_url(subscriber),
    )
