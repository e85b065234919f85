"""Subscribing, confirming, changing and leaving a subscription, and what administrators
may do with subscribers' data.

Every answer to the public form is the same whatever the address's state, so the form
tells no one who subscribes: the difference is only in what the address's owner receives.
"""

from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, select

from app.accounts.models import utcnow
from app.extensions import db
from app.features import feed_sources
from app.subscriptions import mails
from app.subscriptions.models import Subscriber
from app.subscriptions.tokens import read_confirmation_token, read_manage_token

# Unconfirmed subscriptions are forgotten this long after they were asked for.
UNCONFIRMED_KEPT = timedelta(days=7)


def followable_kinds() -> list[tuple[str, str]]:
    """(kind, label) of each feed a reader may follow, as the features declare them."""
    return [(source.kind, _capitalised(str(source.title))) for source in feed_sources()]


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def normalise_address(email: str) -> str:
    return email.strip().lower()


def subscriber_by_address(email: str) -> Subscriber | None:
    return db.session.scalar(select(Subscriber).where(Subscriber.email == normalise_address(email)))


def request_subscription(email: str, kinds: list[str], frequency: str, language: str) -> None:
    """Handle the public form, and commit: a new or unconfirmed address gets a
    confirmation mail (with these choices), a confirmed one a link to manage its
    subscription, whose choices are left as they are."""
    subscriber = subscriber_by_address(email)
    if subscriber is None:
        subscriber = Subscriber(email=normalise_address(email), language=language)
        db.session.add(subscriber)
    if subscriber.is_confirmed:
        if _may_mail(subscriber):
            subscriber.last_mailed_at = utcnow()
            db.session.commit()
            mails.send_manage_link(subscriber)
        return
    subscriber.kinds, subscriber.frequency, subscriber.language = kinds, frequency, language
    subscriber.requested_at = utcnow()
    mail = _may_mail(subscriber)
    if mail:
        subscriber.last_mailed_at = utcnow()
    db.session.commit()
    if mail:
        mails.send_confirmation(subscriber)


def _may_mail(subscriber: Subscriber) -> bool:
    """At most one mail per interval to an address, however often a form names it."""
    interval = timedelta(seconds=current_app.config["SUBSCRIPTION_MAIL_INTERVAL"])
    last = subscriber.last_mailed_at
    return last is None or utcnow() - last >= interval


def subscriber_to_confirm(token: str) -> Subscriber | None:
    """The subscription a confirmation token names, or None (see confirm_subscription)."""
    return _subscriber_named(read_confirmation_token(token))


def confirm_subscription(token: str) -> Subscriber | None:
    """Confirm the subscription a confirmation token names, and commit. None if the token
    is forged or expired, or its subscription is gone."""
    subscriber = subscriber_to_confirm(token)
    if subscriber is not None and not subscriber.is_confirmed:
        subscriber.confirmed_at = utcnow()
        # The first digest lists what is published from now on.
        subscriber.last_digest_at = subscriber.confirmed_at
        db.session.commit()
    return subscriber


class TokenRefused(Exception):
    """A manage or unsubscribe link whose token is forged or malformed."""


def subscriber_of_link(token: str) -> Subscriber | None:
    """The subscriber a manage token names; None if they have left since.

    Raises TokenRefused for a token this site did not sign.
    """
    named = read_manage_token(token)
    if named is None:
        raise TokenRefused
    return _subscriber_named(named)


def _subscriber_named(named: tuple[int, str] | None) -> Subscriber | None:
    if named is None:
        return None
    subscriber = db.session.get(Subscriber, named[0])
    if subscriber is None or subscriber.email != named[1]:
        return None
    return subscriber


def update_subscription(
    subscriber: Subscriber, kinds: list[str], frequency: str, language: str
) -> None:
    subscriber.kinds, subscriber.frequency, subscriber.language = kinds, frequency, language
    db.session.commit()


def delete_subscriber(subscriber: Subscriber) -> None:
    """Forget the subscriber (confirmed or still waiting for confirmation), and commit."""
    db.session.delete(subscriber)
    db.session.commit()


def purge_unconfirmed() -> int:
    """Forget the subscriptions left unconfirmed for UNCONFIRMED_KEPT; how many."""
    result = db.session.execute(
        delete(Subscriber).where(
            Subscriber.confirmed_at.is_(None),
            Subscriber.requested_at < utcnow() - UNCONFIRMED_KEPT,
        )
    )
    db.session.commit()
    return result.rowcount


# -- administrators ------------------------------------------------------------------------


def subscriber_counts() -> dict[str, int]:
    confirmed = db.session.scalar(select(func.count()).where(Subscriber.confirmed_at.is_not(None)))
    total = db.session.scalar(select(func.count()).select_from(Subscriber))
    return {"confirmed": confirmed, "unconfirmed": total - confirmed}


# Enough to find one reader who asks; never a list to copy out.
FOUND_AT_MOST = 50


def find_subscribers(text: str) -> list[Subscriber]:
    """Subscribers whose address contains ``text`` (case aside), at most FOUND_AT_MOST."""
    pattern = (
        "%"
        + text.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        + "%"
    )
    return list(
        db.session.scalars(
            select(Subscriber)
            .where(Subscriber.email.like(pattern, escape="\\"))
            .order_by(Subscriber.email)
            .limit(FOUND_AT_MOST)
        )
    )


def subscriber_data(subscriber: Subscriber) -> dict:
    """Everything kept about a subscriber, as they may ask to see it."""

    def moment(value):
        return value.isoformat() if value else None

    return {
        "email": subscriber.email,
        "follows": subscriber.kinds or ["everything"],
        "frequency": subscriber.frequency,
        "language": subscriber.language,
        "requested_at": moment(subscriber.requested_at),
        "confirmed_at": moment(subscriber.confirmed_at),
        "last_digest_at": moment(subscriber.last_digest_at),
        "last_mailed_at": moment(subscriber.last_mailed_at),
    }
