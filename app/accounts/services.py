"""Signing in, creating and administering users, and loading them for each request."""

import secrets

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from app.accounts import sessions, throttling
from app.accounts.devices import Device
from app.accounts.models import Role, User, utcnow
from app.accounts.passwords import (
    MAX_PASSWORD_LENGTH,
    MIN_PASSWORD_LENGTH,
    hash_password,
    needs_rehash,
    password_problem,
    verify_password,
)
from app.accounts.throttling import TooManyAttempts
from app.audit.services import record_event
from app.extensions import db

__all__ = [
    "MAX_PASSWORD_LENGTH",
    "MIN_PASSWORD_LENGTH",
    "AccountError",
    "TooManyAttempts",
    "authenticate",
    "change_password",
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
    """Flask-Login's loader: the user for an "id.version.token" cookie, if it is still valid.

    Valid means: the user is enabled, the version is the user's current one, and the token
    names a live SignInSession of theirs (see sessions.py).
    """
    parts = session_id.split(".")
    if len(parts) != 3 or not (parts[0].isascii() and parts[0].isdigit()):
        return None
    user_id, version, token = parts
    if not (version.isascii() and version.isdigit() and token):
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.session_version != int(version) or user.is_disabled:
        return None
    if sessions.find_session(user, token) is None:
        return None
    user.session_token = token
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


def authenticate(
    email: str, password: str, address: str = "", device: Device | None = None
) -> User | None:
    """The active user with this email and password, or None (for any reason).

    Every refusal looks the same from outside (unknown email, wrong password, disabled
    account): the same None, about the same time, one audit row. Failures are counted (see
    throttling.py) under the address and the email, or only under ``device`` when it is a
    known browser of this very account.

    :raises TooManyAttempts: the counts that apply to this attempt ask it to wait; nothing
        is checked then. Unknown emails are throttled alike, so this says nothing either.
    """
    user = find_user(email)
    keys = _throttle_keys(normalise_email(email), address, device, user)
    wait = throttling.seconds_to_wait(keys)
    if wait:
        raise TooManyAttempts(wait)
    if user is None:
        _check_dummy_password(password)
        _count_failure(keys, None, address, "unknown email")
        return None
    if not verify_password(user.password_hash, password):
        _count_failure(keys, user, address, "wrong password")
        return None
    if user.is_disabled:
        record_event("login_failed", user, address=address, detail="account disabled")
        db.session.commit()
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    if keys[0].kind == "device":
        # This browser's own slips are forgiven; the account's and the address's counts
        # are not, or every sign-in of the owner would give a guesser a fresh start.
        throttling.forget_failures(keys)
    user.last_login_at = utcnow()
    record_event("login", user, actor=user, address=address)
    db.session.commit()
    return user


def _throttle_keys(
    email: str, address: str, device: Device | None, user: User | None
) -> list[throttling.Key]:
    if device is not None and user is not None and device.user_id == user.id:
        key = throttling.device_key(device.nonce)
        # A known browser that failed too often is trusted no more than any other.
        if not throttling.seconds_to_wait([key]):
            return [key]
    return [throttling.address_key(address), throttling.account_key(email)]


def _count_failure(keys, user: User | None, address: str, why: str) -> None:
    record_event("login_failed", user, address=address, detail=why)
    for key, failures, seconds in throttling.count_failure(keys):
        # The email of an unknown account is not logged: it may be a mistyped password.
        record_event(
            "sign_in_delayed",
            user if key.kind != "address" else None,
            address=address,
            detail=f"{key.kind}: {failures} failures, next attempt in {seconds} s",
        )
    db.session.commit()


def end_all_sessions(user: User) -> None:
    """Sign the user out everywhere: every cookie issued before now stops working."""
    retire_sessions(user)
    db.session.commit()


def retire_sessions(user: User) -> None:
    # Both: the rows for the list at /manage/account/, the version for any cookie at all.
    user.session_version += 1
    sessions.delete_all_sessions(user)


def sign_out(user: User, address: str = "") -> None:
    """End every session of ``user``, the one signing out included, and log it."""
    record_event("logout", user, actor=user, address=address)
    end_all_sessions(user)


def reset_password(user: User, new_password: str, by: User | None) -> None:
    """Give ``user`` a new password, end their sessions and forget the failed sign-ins at
    their account; commit.

    :raises AccountError: the password does not meet the rules.
    """
    problem = password_problem(new_password, user.email)
    if problem:
        raise AccountError(problem)
    user.password_hash = hash_password(new_password)
    throttling.forget_failures([throttling.account_key(user.email)])
    retire_sessions(user)
    record_event("password_reset", user, actor=by)
    db.session.commit()


def change_password(user: User, current_password: str, new_password: str) -> None:
    """``user`` sets their own password: end their other sessions, keep this one; commit.

    :raises TooManyAttempts: too many wrong current passwords lately.
    :raises AccountError: the current password is wrong (field ``current_password``) or
        the new one does not meet the rules (field ``new_password``).
    """
    key = throttling.Key(
        f"password-change:{user.id}", current_app.config["LOGIN_DELAY_AFTER_ACCOUNT"]
    )
    wait = throttling.seconds_to_wait([key])
    if wait:
        raise TooManyAttempts(wait)
    if not verify_password(user.password_hash, current_password):
        # Counted, so that a session left open is no way to guess the password.
        throttling.count_failure([key])
        record_event("password_change_refused", user, actor=user, detail="wrong password")
        db.session.commit()
        raise AccountError(_("This is not your current password."), "current_password")
    problem = password_problem(new_password, user.email)
    if problem is None and new_password == current_password:
        problem = _("Choose a password different from the current one.")
    if problem:
        raise AccountError(problem, "new_password")
    user.password_hash = hash_password(new_password)
    ended = sessions.delete_other_sessions(user)
    throttling.forget_failures([key])
    record_event("password_changed", user, actor=user, detail=f"{ended} other sessions ended")
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
    retire_sessions(user)
    record_event("user_disabled", user, actor=by)
    db.session.commit()


def enable_user(user: User, by: User | None) -> None:
    """Let ``user`` sign in again, with the failures at their account forgotten; commit."""
    user.is_disabled = False
    throttling.forget_failures([throttling.account_key(user.email)])
    record_event("user_enabled", user, actor=by)
    db.session.commit()


def _active_admin_count() -> int:
    query = select(db.func.count(User.id)).where(User.role == Role.ADMIN, ~User.is_disabled)
    return db.session.scalar(query) or 0


def set_language(user: User, code: str | None) -> None:
    """Keep ``code`` as the language of /manage for ``user``; empty follows the browser."""
    user.language = code or None
    db.session.commit()
