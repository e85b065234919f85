"""Sign-in sessions kept on the server: started at sign-in, seen on each request, listed at
/manage/account/, and ended by deleting their row.

The Flask session (and the remember-me cookie) carries a random token; only its SHA-256
is stored. A cookie whose row is gone, or whose session has expired, signs nobody in.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, or_, select

from app.accounts.models import SignInSession, User, utcnow
from app.accounts.useragents import describe_user_agent
from app.audit.services import record_event
from app.database import may_write_without_waiting
from app.extensions import db


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _idle_lifetime() -> timedelta:
    return current_app.permanent_session_lifetime


def _remembered_lifetime() -> timedelta:
    duration = current_app.config["REMEMBER_COOKIE_DURATION"]
    return duration if isinstance(duration, timedelta) else timedelta(seconds=duration)


def _expired(now: datetime):
    """The SQL condition of a session that has ended by itself."""
    return or_(
        ~SignInSession.is_remembered & (SignInSession.last_seen_at < now - _idle_lifetime()),
        SignInSession.is_remembered & (SignInSession.created_at < now - _remembered_lifetime()),
    )


def start_session(user: User, address: str, user_agent: str, remembered: bool) -> str:
    """Record a new session of ``user`` and commit; the token for its cookie.

    Expired sessions of every user are pruned on the way, so the table holds only live ones.
    """
    now = utcnow()
    db.session.execute(delete(SignInSession).where(_expired(now)))
    token = secrets.token_urlsafe(32)
    db.session.add(
        SignInSession(
            user_id=user.id,
            token_hash=hash_token(token),
            created_at=now,
            last_seen_at=now,
            address=address[:45],
            user_agent=user_agent[:500],
            is_remembered=remembered,
        )
    )
    db.session.commit()
    return token


def find_session(user: User, token: str) -> SignInSession | None:
    """The live session of ``user`` with this token, noting that it was seen just now."""
    now = utcnow()
    query = select(SignInSession).where(
        SignInSession.user_id == user.id,
        SignInSession.token_hash == hash_token(token),
        ~_expired(now),
    )
    found = db.session.scalar(query)
    every = timedelta(seconds=current_app.config["SESSION_SEEN_EVERY_SECONDS"])
    # Noted only where it costs no wait: a page must not queue behind a slow save for it.
    if found is not None and now - found.last_seen_at >= every and may_write_without_waiting():
        found.last_seen_at = now
        db.session.commit()
    return found


def list_sessions(user: User) -> list[SignInSession]:
    """The live sessions of ``user``, the most recently seen first."""
    query = (
        select(SignInSession)
        .where(SignInSession.user_id == user.id, ~_expired(utcnow()))
        .order_by(SignInSession.last_seen_at.desc(), SignInSession.id.desc())
    )
    return list(db.session.scalars(query))


def is_current(session_row: SignInSession, user: User) -> bool:
    """Whether ``session_row`` is the one ``user`` was loaded for in this request."""
    return bool(user.session_token) and session_row.token_hash == hash_token(user.session_token)


def end_session(user: User, session_id: int) -> bool:
    """End one session of ``user`` (not another person's) and commit; False if none."""
    row = db.session.scalar(
        select(SignInSession).where(
            SignInSession.id == session_id, SignInSession.user_id == user.id
        )
    )
    if row is None:
        return False
    detail = f"{describe_user_agent(row.user_agent)}, {row.address}"
    db.session.delete(row)
    record_event("session_ended", user, actor=user, detail=detail)
    db.session.commit()
    return True


def end_other_sessions(user: User) -> int:
    """End every session of ``user`` but the current one and commit; how many ended."""
    ended = delete_other_sessions(user)
    record_event("other_sessions_ended", user, actor=user, detail=str(ended))
    db.session.commit()
    return ended


def delete_other_sessions(user: User) -> int:
    """Delete the session rows of ``user`` but the current one; the caller commits."""
    keep = hash_token(user.session_token) if user.session_token else ""
    statement = delete(SignInSession).where(
        SignInSession.user_id == user.id, SignInSession.token_hash != keep
    )
    return db.session.execute(statement).rowcount


def delete_all_sessions(user: User) -> None:
    """Delete every session row of ``user``; the caller commits."""
    db.session.execute(delete(SignInSession).where(SignInSession.user_id == user.id))
