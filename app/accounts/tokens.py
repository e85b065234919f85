"""One-time links: issued for a purpose, opened to check them, used once.

A link carries a random token (``secrets.token_urlsafe``); the database keeps only its
SHA-256 (``OneTimeLink``). A link stops working when it is used, when it expires, or when
a newer link of the same purpose is issued for the same account.
"""

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update

from app.accounts.link_models import OneTimeLink, Purpose
from app.accounts.models import User, utcnow
from app.extensions import db

# How long each kind of link works: the name of its setting, in seconds.
LIFETIME_SETTINGS = {
    Purpose.INVITATION: "INVITATION_LINK_SECONDS",
    Purpose.RESET: "PASSWORD_RESET_LINK_SECONDS",
    Purpose.EMAIL_CHANGE: "EMAIL_CHANGE_LINK_SECONDS",
}


class LinkProblem(Exception):
    """A link cannot be used; ``reason`` is "unknown", "used" or "expired"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def issue_link(
    user: User,
    purpose: Purpose,
    token: str | None = None,
    new_email: str | None = None,
    language: str | None = None,
) -> str:
    """Store a link of ``purpose`` for ``user`` and retire their older ones of that purpose;
    the caller commits. The token to put in the link (``token`` if given)."""
    token = token or new_token()
    now = utcnow()
    seconds = current_app.config[LIFETIME_SETTINGS[purpose]]
    retire_links(user, purpose)
    db.session.add(
        OneTimeLink(
            token_hash=hash_token(token),
            purpose=purpose,
            user_id=user.id,
            new_email=new_email,
            language=language,
            created_at=now,
            expires_at=now + timedelta(seconds=seconds),
        )
    )
    return token


def retire_links(user: User, purpose: Purpose) -> None:
    """Make every unused link of ``purpose`` for ``user`` stop working; the caller commits."""
    db.session.execute(
        update(OneTimeLink)
        .where(
            OneTimeLink.user_id == user.id,
            OneTimeLink.purpose == purpose,
            OneTimeLink.used_at.is_(None),
        )
        .values(used_at=utcnow())
    )


def open_link(token: str, purpose: Purpose) -> OneTimeLink:
    """The usable link of ``purpose`` with this token.

    :raises LinkProblem: no such link ("unknown"), or it was used or retired ("used"), or
        its time is over ("expired").
    """
    if not token or len(token) > 200 or not token.isascii():
        raise LinkProblem("unknown")
    link = db.session.scalar(
        select(OneTimeLink).where(
            OneTimeLink.token_hash == hash_token(token), OneTimeLink.purpose == purpose
        )
    )
    if link is None or db.session.get(User, link.user_id) is None:
        raise LinkProblem("unknown")
    if link.used_at is not None:
        raise LinkProblem("used")
    if link.expires_at <= utcnow():
        raise LinkProblem("expired")
    return link


def use_link(link: OneTimeLink) -> None:
    """Mark ``link`` used; the caller commits with what the link did.

    :raises LinkProblem: another request used it first ("used"): of two at once, one wins.
    """
    marked = db.session.execute(
        update(OneTimeLink)
        .where(OneTimeLink.id == link.id, OneTimeLink.used_at.is_(None))
        .values(used_at=utcnow())
    )
    if marked.rowcount != 1:
        db.session.rollback()
        raise LinkProblem("used")


def link_user(link: OneTimeLink) -> User:
    return db.session.get(User, link.user_id)
