"""The subscriptions' background jobs: digests every hour, and the purge of unconfirmed
subscriptions every day."""

from datetime import datetime

from huey import crontab

from app.accounts.models import utcnow
from app.jobs import queue
from app.subscriptions import digests, services


@queue.periodic_task(crontab(minute="5"))
def send_due_digests() -> None:
    """Queue the digests due now, in batches that any worker may take."""
    until = utcnow()
    for ids in digests.batches(digests.due_subscriber_ids(until)):
        send_digest_batch(ids, until.isoformat())


@queue.task(retries=3, retry_delay=300)
def send_digest_batch(ids: list[int], until: str) -> None:
    digests.send_digests(ids, datetime.fromisoformat(until))


@queue.periodic_task(crontab(minute="35", hour="3"))
def purge_unconfirmed_subscriptions() -> None:
    services.purge_unconfirmed()
