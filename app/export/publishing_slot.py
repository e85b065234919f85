"""The one "running" slot that Publish runs take in turn, on one machine or several.

Taking it is one statement that only one can win: inserting a run with the status
"running", which the unique partial index ``uq_publish_run_running`` allows to one row at a
time. A run whose heartbeat stopped is marked interrupted in the same transaction, which
frees the slot; a run that loses the race rolls back and is told which run holds it.
"""

from sqlalchemy import or_, update
from sqlalchemy.exc import IntegrityError

from app.accounts.models import User, utcnow
from app.export.publishing import PublishRun, RunStatus, current_run, heartbeat_timeout
from app.extensions import db


def take_slot(
    requested_by: User | None = None,
    changes: str = "null",
    requested_via: str = "button",
    is_public_copy: bool = True,
) -> tuple[PublishRun, bool]:
    """Start a run if none is running: returns ``(new run, True)``, or ``(the running run,
    False)``."""
    now = utcnow()
    stale = now - heartbeat_timeout()
    db.session.execute(
        update(PublishRun)
        .where(
            PublishRun.status == RunStatus.RUNNING.value,
            or_(
                PublishRun.heartbeat_at < stale,
                PublishRun.heartbeat_at.is_(None) & (PublishRun.started_at < stale),
            ),
        )
        .values(status=RunStatus.INTERRUPTED.value)
    )
    run = PublishRun(
        requested_by_id=requested_by.id if requested_by else None,
        requested_via=requested_via,
        is_public_copy=is_public_copy,
        changes=changes,
        phase="queued",
        started_at=now,
        heartbeat_at=now,
    )
    db.session.add(run)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return current_run(), False
    return run, True
