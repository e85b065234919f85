"""Writing to and reading the audit log."""

from flask import has_request_context, request
from sqlalchemy import select

from app.accounts.models import User
from app.audit.models import AuditEvent
from app.extensions import db


def record_event(
    action: str,
    user: User | None = None,
    actor: User | None = None,
    address: str | None = None,
    detail: str = "",
    record=None,
) -> AuditEvent:
    """Add an event to the session; the caller's commit stores it with what it records.

    ``address`` defaults to the current request's client address.
    """
    if address is None:
        address = request.remote_addr or "" if has_request_context() else ""
    event = AuditEvent(
        action=action,
        user_id=user.id if user else None,
        actor_id=actor.id if actor else None,
        record_type=getattr(record, "record_type", None),
        record_id=getattr(record, "id", None),
        address=(address or "")[:45],
        detail=(detail or "")[:2000],
    )
    db.session.add(event)
    return event


def recent_events(limit: int = 200, user: User | None = None) -> list[AuditEvent]:
    """The latest events, newest first; only those concerning ``user`` if given."""
    query = select(AuditEvent).order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
    if user is not None:
        query = query.where(AuditEvent.user_id == user.id)
    return list(db.session.scalars(query.limit(limit)))
