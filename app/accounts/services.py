"""Signing in, creating and administering users, and loading them for each request."""

import secrets
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from app.accounts.models import Role, User, utcnow
from app.accounts.passwords import (
    MAX_PASSWORD_LENGTH,
    MIN_PASSWORD_LENGTH,
    hash_password,
    needs_rehash,
    password_problem,
    verify_password,
)
from app.audit.services import record_event
from app.extensions import db

__all__ = [
    "MAX_PASSWORD_LENGTH",
    "MIN_PASSWORD_LENGTH",
    "AccountError",
    "authenticate",
    "create_user",
    "disable_user",
    "enable_user",
    "end_all_sessions",
    "find_user",
    "load_user",
    "password_problem",
    "reset_password",
    "sign_out",
]


class AccountError(ValueError):
    """A change to an account was refused; the message is fit to show to the person.

    ``field`` names the form field the problem is about, when there is one.
    """

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def normalise_email(email: str) -> str:
    return email.strip().lower()


def load_user(session_id: str) -> User | None:
    """Flask-Login's loader: the user for an "id.version" cookie, if it is still valid."""
    user_id, _sep, version = session_id.partition(".")
    if not (f"{user_id}{version}".isascii() and user_id.isdigit() and version.isdigit()):
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.session_version != int(version) or user.is_disabled:
        return None
    return user


def find_user(email: str) -> User | None:
    email = normalise_email(email)
    if "\x00" in email:
        # No account has one, and PostgreSQL refuses NUL in a query parameter.
        return None
    return db.session.scalar(select(User).where(User.email == email))


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
        raise AccountError(_("Enter an email address."), "email")
    if find_user(email) is not None:
        raise AccountError(_("A user with this email already exists."), "email")
    problem = password_problem(password, email)
    if problem:
        raise AccountError(problem, "password")
    if role is Role.PARTNER and not organisation_slug:
        raise AccountError(_("A partner user needs an organisation."), "organisation")
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


def _check_dummy_password(password: str) -> None:
    # Check a throwaway hash so that an unknown email takes as long to refuse as a wrong
    # password, and the answer's timing does not say which accounts exist.
    dummy = current_app.extensions.setdefault("dummy_password_hash", {})
    if "hash" not in dummy:
        dummy["hash"] = hash_password(secrets.token_hex(16))
    verify_password(dummy["hash"], password)


def is_locked(user: User) -> bool:
    return user.locked_until is not None and user.locked_until > utcnow()


def authenticate(email: str, password: str, address: str = "") -> User | None:
    """The active user with this email and password, or None (for any reason).

    Every refusal looks the same from outside (unknown email, wrong password, locked or
    disabled account): the same None, about the same time, one audit row. A wrong password
    for a real account also counts towards its lock (LOGIN_LOCK_AFTER failures in a row
    lock it for LOGIN_LOCK_MINUTES; while locked, even the right password is refused).
    """
    user = find_user(email)
    if user is None:
        _check_dummy_password(password)
        record_event("login_failed", address=address, detail="unknown email")
        db.session.commit()
        return None
    password_ok = verify_password(user.password_hash, password)
    if is_locked(user):
        record_event("login_failed", user, address=address, detail="account locked")
        db.session.commit()
        return None
    if not password_ok:
        _count_failure(user, address)
        return None
    if user.is_disabled:
        record_event("login_failed", user, address=address, detail="account disabled")
        db.session.commit()
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    user.failed_logins = 0
    user.locked_until = None
    record_event("login", user, actor=user, address=address)
    db.session.commit()
    return user


def _count_failure(user: User, address: str) -> None:
    # Incremented in SQL, so that two workers counting at once both count.
    user.failed_logins = User.failed_logins + 1
    db.session.flush()
    db.session.refresh(user, ["failed_logins"])
    record_event("login_failed", user, address=address, detail=f"{user.failed_logins} in a row")
    if user.failed_logins >= current_app.config["LOGIN_LOCK_AFTER"]:
        minutes = current_app.config["LOGIN_LOCK_MINUTES"]
        user.locked_until = utcnow() + timedelta(minutes=minutes)
        record_event("account_locked", user, address=address, detail=f"{minutes} minutes")
    db.session.commit()


def end_all_sessions(user: User) -> None:
    """Sign the user out everywhere: every cookie issued before now stops working."""
    user.session_version += 1
    db.session.commit()


def sign_out(user: User, address: str = "") -> None:
    """End every session of ``user``, the one signing out included, and log it.

    Session cookies are signed, not stored, so the only way to make a copy of this one
    useless is to retire the version it carries, which ends the others as well.
    """
    record_event("logout", user, actor=user, address=address)
    end_all_sessions(user)


def reset_password(user: User, new_password: str, by: User | None) -> None:
    """Give ``user`` a new password, end their sessions and lift any lock; commit.

    :raises AccountError: the password does not meet the rules.
    """
    problem = password_problem(new_password, user.email)
    if problem:
        raise AccountError(problem)
    user.password_hash = hash_password(new_password)
    user.failed_logins = 0
    user.locked_until = None
    user.session_version += 1
    record_event("password_reset", user, actor=by)
    db.session.commit()


def disable_user(user: User, by: User | None) -> None:
    """Stop ``user`` signing in and end every session they have; commit.

    :raises AccountError: ``by`` is disabling themselves, or ``user`` is the last
        administrator who can still sign in.
    """
    if by is not None and by.id == user.id:
        raise AccountError(_("You cannot disable your own account."))
    if user.role is Role.ADMIN and not user.is_disabled and _active_admin_count() <= 1:
        raise AccountError(_("This is the last administrator; appoint another one first."))
    user.is_disabled = True
    user.session_version += 1
    record_event("user_disabled", user, actor=by)
    db.session.commit()


def enable_user(user: User, by: User | None) -> None:
    """Let ``user`` sign in again, with a clean failure count; commit."""
    user.is_disabled = False
    user.failed_logins = 0
    user.locked_until = None
    record_event("user_enabled", user, actor=by)
    db.session.commit()


def _active_admin_count() -> int:
    query = select(db.func.count(User.id)).where(User.role == Role.ADMIN, ~User.is_disabled)
    return db.session.scalar(query) or 0


def set_language(user: User, code: str | None) -> None:
    """Keep ``code`` as the language of /manage for ``user``; empty follows the browser."""
    user.language = code or None
    db.session.commit()
