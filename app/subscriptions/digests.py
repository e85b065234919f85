"""Digests: one mail per subscriber whose daily or weekly digest is due, listing what was
published since their last one, in what they follow and in their language.

What was published is what the Atom feeds carry (each feature's ``FeedSource``): only
published, public records, the same rules as the public pages, so no draft or /manage
record can reach a mail. The entries are built once per language and batch, in a request
for that language's home page, so titles come as that language's pages show them and
links lead to its pages.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urljoin, urlsplit

from flask import current_app
from sqlalchemy import or_, select, update

from app.extensions import db
from app.features import feed_sources
from app.i18n import default_language, languages
from app.mail import compose_mail, send_mails
from app.mail.compose import Composed
from app.subscriptions.mails import manage_url, unsubscribe_url
from app.subscriptions.models import Frequency, Subscriber
from app.transparency.dates import long_date

PERIODS = {Frequency.DAILY.value: timedelta(days=1), Frequency.WEEKLY.value: timedelta(days=7)}
# The job runs hourly and takes a moment to start: a digest due in a few minutes goes now,
# rather than an hour late, so a daily digest keeps its hour of the day.
EARLY = timedelta(minutes=30)
# Subscribers per job: several workers share a large list, and a failure repeats little.
BATCH = 500


@dataclass(frozen=True)
class DigestItem:
    kind: str
    title: str
    date: str
    url: str  # on the live site
    static_url: str | None  # on the static copy, when it has an address of its own
    updated: datetime


@dataclass(frozen=True)
class Recipient:
    """What a digest needs of a subscriber, read before their row changes."""

    id: int
    email: str
    language: str
    kinds: tuple[str, ...]
    frequency: str
    since: datetime

    @classmethod
    def of(cls, subscriber: Subscriber, language: str) -> "Recipient":
        return cls(
            subscriber.id, subscriber.email, language, tuple(subscriber.kinds),
            subscriber.frequency, subscriber.last_digest_at or subscriber.confirmed_at,
        )  # fmt: skip


def due_subscriber_ids(now: datetime) -> list[int]:
    """Confirmed subscribers whose digest is due at ``now``."""
    due = or_(
        *(
            (Subscriber.frequency == frequency)
            & (Subscriber.last_digest_at <= now - period + EARLY)
            for frequency, period in PERIODS.items()
        )
    )
    return list(
        db.session.scalars(
            select(Subscriber.id)
            .where(Subscriber.confirmed_at.is_not(None), due)
            .order_by(Subscriber.id)
        )
    )


def batches(ids: list[int]) -> list[list[int]]:
    return [ids[start : start + BATCH] for start in range(0, len(ids), BATCH)]


def send_digests(ids: list[int], until: datetime) -> int:
    """Send each of these subscribers what was published between their last digest and
    ``until``, if anything; their next digest starts at ``until``. Returns how many mails
    were sent."""
    subscribers = db.session.scalars(
        select(Subscriber).where(
            Subscriber.id.in_(ids),
            Subscriber.confirmed_at.is_not(None),
            # A batch run again (a retry) skips those whose digest went out already.
            Subscriber.last_digest_at < until,
        )
    ).all()
    by_language = defaultdict(list)
    for subscriber in subscribers:
        # A language the site no longer offers falls back to the default one.
        language = subscriber.language if subscriber.language in languages() else None
        language = language or default_language()
        by_language[language].append(Recipient.of(subscriber, language))
    sent = 0
    for language, group in by_language.items():
        messages = _digests_in_language(language, group, until)
        # Recorded as sent before the messages are queued, so that a job that fails and
        # runs again in between mails nobody the same digest twice: under load, a retried
        # batch re-sent a whole language's digests. The price, should queueing itself
        # fail, is one missed digest.
        db.session.execute(
            update(Subscriber)
            .where(Subscriber.id.in_([subscriber.id for subscriber in group]))
            .values(last_digest_at=until)
        )
        db.session.commit()
        send_mails(messages)
        sent += len(messages)
    return sent


def _digests_in_language(
    language: str, subscribers: list["Recipient"], until: datetime
) -> list[Composed]:
    app = current_app._get_current_object()
    # A context of its own: ``g`` remembers the page's language and its translations.
    with app.app_context(), language_request(app, language):
        items = published_items()
        messages = []
        for subscriber in subscribers:
            chosen = [
                item
                for item in items
                if subscriber.since < item.updated <= until
                and (not subscriber.kinds or item.kind in subscriber.kinds)
            ]
            if not chosen:
                continue
            messages.append(
                compose_mail(
                    subscriber.email,
                    "subscriptions/digest",
                    language=language,
                    unsubscribe_url=unsubscribe_url(subscriber),
                    items=chosen,
                    sections=sections_of(chosen),
                    frequency=subscriber.frequency,
                    manage_url=manage_url(subscriber),
                )
            )
        return messages


def language_request(app, language: str):
    """A request for the home page in ``language``, at the live site's address."""
    path = "/" if language == default_language() else f"/{language}/"
    base = app.config["SITE_URL"] or "http://localhost"
    return app.test_request_context(path, base_url=base)


def published_items() -> list[DigestItem]:
    """The latest entries of every feed, as the current request's language shows them."""
    items = []
    for source in feed_sources():
        for entry in source.entries():
            items.append(
                DigestItem(
                    kind=source.kind,
                    title=entry.title,
                    date=long_date(entry.updated),
                    url=entry.url,
                    static_url=static_copy_url(entry.url),
                    updated=entry.updated,
                )
            )
    items.sort(key=lambda item: item.updated, reverse=True)
    return items


def sections_of(items: list[DigestItem]) -> list[tuple[str, list[DigestItem]]]:
    """The items grouped by feed, in the features' order, each under the feed's title."""
    grouped = [
        (str(source.title), [item for item in items if item.kind == source.kind])
        for source in feed_sources()
    ]
    return [(title[:1].upper() + title[1:], found) for title, found in grouped if found]


def static_copy_url(live_url: str) -> str | None:
    """The same page on the static copy, when the copy has an address other than the
    live site's (EXPORT_BASE_URL); None otherwise."""
    export_base = current_app.config.get("EXPORT_BASE_URL") or ""
    if not export_base or _same_address(export_base, current_app.config["SITE_URL"]):
        return None
    parts = urlsplit(live_url)
    path = parts.path.lstrip("/") + (f"#{parts.fragment}" if parts.fragment else "")
    return urljoin(export_base.rstrip("/") + "/", path)


def _same_address(one: str, other: str) -> bool:
    return bool(other) and one.rstrip("/").lower() == other.rstrip("/").lower()
