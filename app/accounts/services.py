"""Signing in, creating users, and loading them for each request."""

import secrets

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from app.accounts.models import Role, User, utcnow
from app.accounts.passwords import hash_password, needs_rehash, verify_password
from app.extensions import db

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 128


class AccountError(ValueError):
    """A user could not be created; the message is fit to show to the person."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def load_user(session_id: str) -> User | None:
    """Flask-Login's loader: the user for an "id.version" cookie, if it is still valid."""
    user_id, _sep, version = session_id.partition(".")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.session_version != int(version) or user.is_disabled:
        return None
    return user


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def password_problem(password: str) -> str | None:
    """Why ``password`` is not acceptable, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return _("Use at least %(n)d characters.", n=MIN_PASSWORD_LENGTH)
    if len(password) > MAX_PASSWORD_LENGTH:
        return _("Use at most %(n)d characters.", n=MAX_PASSWORD_LENGTH)
    return None


def create_user(
    email: str,
    password: str,
    role: Role,
    organisation_slug: str | None = None,
    name: str = "",
) -> User:
    """Add a user and commit.

    :raises AccountError: the email is taken or the password too weak.
    """
    email = normalise_email(email)
    if "@" not in email:
        raise AccountError(_("Enter an email address."))
    if find_user(email) is not None:
        raise AccountError(_("A user with this email already exists."))
    problem = password_problem(password)
    if problem:
        raise AccountError(problem)
    if role is Role.PARTNER and not organisation_slug:
        raise AccountError(_("A partner user needs an organisation."))
    user = User(
        email=email,
        name=name,
        password_hash=hash_password(password),
        role=role,
        organisation_slug=organisation_slug if role is Role.PARTNER else None,
    )
    db.session.add(user)
    db.session.commit()
    return user


def authenticate(email: str, password: str) -> User | None:
    """The active user with this email and password, or None (for any reason)."""
    user = find_user(email)
    if user is None:
        # Check a throwaway hash so that an unknown email takes as long to refuse as a
        # wrong password, and the answer's timing does not say which accounts exist.
        dummy = current_app.extensions.setdefault("dummy_password_hash", {})
        if "hash" not in dummy:
            dummy["hash"] = hash_password(secrets.token_hex(16))
        verify_password(dummy["hash"], password)
        return None
    if not verify_password(user.password_hash, password) or user.is_disabled:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    db.session.commit()
    return user


def end_all_sessions(user: User) -> None:
    """Sign the user out everywhere: every cookie issued before now stops working."""
    user.session_version += 1
    db.session.commit()
