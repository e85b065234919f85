"""Telling users: a notice per recipient, kept in the transaction of what it tells of.

A notice to be mailed at once is only handed to the job queue once that transaction has
committed, so a save that is rolled back mails nobody; one for the daily digest waits in
its table for the hourly digest job.
"""

from collections.abc import Iterable
from datetime import date

from sqlalchemy import event
from sqlalchemy.orm import Session

from app.accounts.models import User
from app.extensions import db
from app.notifications.kinds import Delivery, Kind
from app.notifications.models import Notice
from app.notifications.preferences import delivery_for

# Set in a session's info when it holds notices to mail at once.
WAITING = "roundtable.notices_waiting"


def notify(
    users: Iterable[User],
    kind: Kind,
    event_name: str,
    url: str,
    subject: str = "",
    detail: str = "",
    due_on: date | None = None,
) -> int:
    """Add a notice for each of ``users`` who wants ``kind`` (not committed); returns how
    many were added. ``url`` is the absolute address of the thing it is about."""
    added = 0
    for user in {user.id: user for user in users}.values():
        delivery = delivery_for(user, kind)
        if delivery is Delivery.NEVER:
            continue
        db.session.add(
            Notice(
                user_id=user.id,
                kind=kind.name,
                event=event_name,
                delivery=delivery.value,
                subject=subject[:300],
                detail=detail[:500],
                due_on=due_on,
                url=url,
            )
        )
        added += 1
        if delivery is Delivery.IMMEDIATELY:
            db.session.info[WAITING] = True
    return added


def _after_commit(session: Session) -> None:
    if session.info.pop(WAITING, False):
        from app.notifications.jobs import mail_waiting_notices

        mail_waiting_notices()  # queued: the job reads what was just committed


def _after_rollback(session: Session) -> None:
    session.info.pop(WAITING, None)


def listen_for_commits() -> None:
    """Hand waiting notices to the queue after each commit (listening again changes
    nothing)."""
    if not event.contains(Session, "after_commit", _after_commit):
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_rollback", _after_rollback)
