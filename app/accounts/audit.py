"""The account audit log: who signed in, failed, was locked, reset or disabled, and when."""

from sqlalchemy import select

from app.accounts.models import AuditEvent, User
from app.extensions import db

# The actions recorded (an administrator reads them in the audit log).
ACTIONS = frozenset(
    {
        "login",
        "login_failed",
        "account_locked",
        "logout",
        "password_reset",
        "user_disabled",
        "user_enabled",
    }
)


def record_event(
    action: str,
    user: User | None = None,
    actor: User | None = None,
    address: str = "",
    detail: str = "",
) -> AuditEvent:
    """Add an event to the session; the caller's commit stores it with what it records."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    event = AuditEvent(
        action=action,
        user_id=user.id if user else None,
        actor_id=actor.id if actor else None,
        address=(address or "")[:45],
        detail=detail[:500],
    )
    db.session.add(event)
    return event


def recent_events(limit: int = 100, user: User | None = None) -> list[AuditEvent]:
    """The latest events, newest first; only those concerning ``user`` if given."""
    query = select(AuditEvent).order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
    if user is not None:
        query = query.where(AuditEvent.user_id == user.id)
    return list(db.session.scalars(query.limit(limit)))
