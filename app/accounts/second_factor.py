"""A second factor for signing in: codes from an authenticator app, and recovery codes.

Setting up: ``start_setup`` makes a secret, ``confirm_setup`` turns it on once the app has
shown a right code, and hands out the recovery codes (shown once, stored hashed).
Signing in: after the password, ``start_pending_sign_in`` remembers in the session who is
half-way in; ``check_code`` then takes a code from the app or a recovery code.
"""

import hmac
import math
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

import pyotp
import segno
from flask import current_app, g, session
from flask_babel import gettext as _
from sqlalchemy import delete, func, or_, select, update

from app.accounts.models import Role, User, utcnow
from app.accounts.passwords import hash_password, verify_password
from app.accounts.second_factor_models import RecoveryCode, SecondFactor
from app.accounts.second_factor_secrets import UnreadableSecret, decrypt_secret, encrypt_secret
from app.accounts.services import AccountError
from app.accounts.throttling import growing_delay
from app.audit.services import record_event
from app.extensions import db
from app.site.services import site_settings

# Codes from the previous and the next 30-second step count too: phones' clocks drift.
VALID_WINDOW = 1
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread
RECOVERY_LENGTH = 10  # about 50 bits each
PENDING_KEY = "pending_sign_in"
REQUIRED_SETTING = "require_second_factor"


class SecondFactorError(AccountError):
    """A code was refused; the message says why, fit to show beside the field."""


def find_second_factor(user: User) -> SecondFactor | None:
    """The user's second factor, confirmed or still being set up, or None."""
    return db.session.get(SecondFactor, user.id)


def has_second_factor(user: User) -> bool:
    factor = find_second_factor(user)
    return factor is not None and factor.is_confirmed


def second_factor_required(user: User) -> bool:
    """Whether the site asks this user's role to have a second factor."""
    required = site_settings().get(REQUIRED_SETTING) == "1"
    return required and user.role in (Role.ADMIN, Role.EDITOR)


# Setting up


def start_setup(user: User) -> SecondFactor:
    """Make a new secret for ``user``, not yet in force; commit.

    :raises AccountError: the user already has a second factor in force.
    """
    factor = find_second_factor(user)
    if factor is not None and factor.is_confirmed:
        raise AccountError(_("Your second factor is already set up."))
    if factor is None:
        factor = SecondFactor(user_id=user.id)
        db.session.add(factor)
    factor.secret = encrypt_secret(pyotp.random_base32(), user.id)
    factor.created_at = utcnow()
    factor.last_used_step = None
    db.session.commit()
    return factor


def setup_secret(factor: SecondFactor) -> str:
    return decrypt_secret(factor.secret, factor.user_id)


def provisioning_uri(user: User, secret: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    issuer = site_settings()["name"]
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=issuer)


def qr_code(uri: str) -> str:
    """The QR code of ``uri`` as an SVG data: address, drawn here (the CSP allows data:)."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2)


def confirm_setup(user: User, code: str) -> list[str]:
    """Put the second factor being set up in force if ``code`` is right; commit.

    :returns: the new recovery codes, in plain text, to show once.
    :raises SecondFactorError: the code is wrong (or none is being set up).
    """
    factor = find_second_factor(user)
    if factor is None or factor.is_confirmed:
        raise SecondFactorError(_("Start the setup again."))
    if _verify(user, factor, code, allow_recovery=False) is None:
        raise SecondFactorError(_("This code is not right. Enter the code your app shows now."))
    factor.confirmed_at = utcnow()
    codes = _replace_recovery_codes(user)
    record_event("second_factor_on", user, actor=user)
    db.session.commit()
    return codes


# Using a code


def check_code(user: User, code: str, allow_recovery: bool = True) -> str:
    """Accept a code from the user's app (``"app"``) or one of their recovery codes
    (``"recovery"``, used up by this); commit.

    After SECOND_FACTOR_FREE_ATTEMPTS wrong codes in a row, each further one makes the
    account wait longer before the next is even checked.

    :raises SecondFactorError: the code is wrong, already used, or it is too soon to try.
    """
    factor = find_second_factor(user)
    if factor is None or not factor.is_confirmed:
        raise SecondFactorError(_("You have no second factor set up."))
    kind = _verify(user, factor, code, allow_recovery)
    if kind is None:
        raise SecondFactorError(
            _("This code is not right. Enter the code your app shows now, or a recovery code.")
            if allow_recovery
            else _("This code is not right. Enter the code your app shows now.")
        )
    db.session.commit()
    return kind


def _verify(user: User, factor: SecondFactor, code: str, allow_recovery: bool) -> str | None:
    _refuse_while_waiting(factor)
    code = "".join(character for character in code.lower() if character.isalnum())
    if len(code) == 6 and code.isdigit():
        kind = "app" if _use_app_code(user, factor, code) else None
    elif allow_recovery and len(code) == RECOVERY_LENGTH:
        kind = "recovery" if _use_recovery_code(user, code) else None
    else:
        kind = None
    if kind is None:
        _count_wrong_code(user, factor)
        return None
    factor.failed_attempts = 0
    factor.blocked_until = None
    return kind


def _refuse_while_waiting(factor: SecondFactor, field: str | None = None) -> None:
    """:raises SecondFactorError: the account must wait before another code is checked."""
    if factor.blocked_until is None:
        return
    left = math.ceil((factor.blocked_until - utcnow()).total_seconds())
    if left > 0:
        raise SecondFactorError(
            _("Too many wrong codes. Wait %(n)d seconds, then try again.", n=left), field
        )


def _count_wrong_code(user: User, factor: SecondFactor) -> None:
    # Incremented in SQL, so that two guesses sent at once both count.
    factor.failed_attempts = SecondFactor.failed_attempts + 1
    db.session.flush()
    db.session.refresh(factor, ["failed_attempts"])
    config = current_app.config
    beyond = factor.failed_attempts - config["SECOND_FACTOR_FREE_ATTEMPTS"]
    if beyond >= 0:
        delay = growing_delay(
            beyond, config["SECOND_FACTOR_DELAY_SECONDS"], config["SECOND_FACTOR_MAX_DELAY_SECONDS"]
        )
        factor.blocked_until = utcnow() + timedelta(seconds=delay)
    record_event("second_factor_failed", user, detail=f"{factor.failed_attempts} in a row")
    db.session.commit()


def _use_app_code(user: User, factor: SecondFactor, code: str) -> bool:
    try:
        totp = pyotp.TOTP(setup_secret(factor))
    except UnreadableSecret:
        current_app.logger.error("The second factor of user %s does not decrypt", user.id)
        return False
    now_step = int(time.time()) // totp.interval
    for step in range(now_step + VALID_WINDOW, now_step - VALID_WINDOW - 1, -1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            # Claimed in one statement, so that the same code sent twice at once is
            # accepted once: a step at or before the last one used is a replay.
            claimed = db.session.execute(
                update(SecondFactor)
                .where(
                    SecondFactor.user_id == user.id,
                    or_(SecondFactor.last_used_step.is_(None), SecondFactor.last_used_step < step),
                )
                .values(last_used_step=step)
                .execution_options(synchronize_session=False)
            )
            db.session.refresh(factor)
            if claimed.rowcount != 1:
                _count_wrong_code(user, factor)
                raise SecondFactorError(
                    _("This code was used already. Wait for your app to show the next one.")
                )
            return True
    return False


def _use_recovery_code(user: User, code: str) -> bool:
    unused = db.session.scalars(
        select(RecoveryCode).where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    ).all()
    for recovery in unused:
        if verify_password(recovery.code_hash, code):
            claimed = db.session.execute(
                update(RecoveryCode)
                .where(RecoveryCode.id == recovery.id, RecoveryCode.used_at.is_(None))
                .values(used_at=utcnow())
                .execution_options(synchronize_session=False)
            )
            if claimed.rowcount != 1:
                return False
            left = len(unused) - 1
            record_event("recovery_code_used", user, actor=user, detail=f"{left} left")
            return True
    return False


# Recovery codes


def recovery_codes_left(user: User) -> int:
    query = select(func.count(RecoveryCode.id)).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
    )
    return db.session.scalar(query) or 0


def few_recovery_codes_left(user: User) -> bool:
    return recovery_codes_left(user) <= current_app.config["SECOND_FACTOR_RECOVERY_WARN_AT"]


def renew_recovery_codes(user: User, code: str) -> list[str]:
    """Replace all of ``user``'s recovery codes, if ``code`` from their app is right; commit.

    :returns: the new codes, in plain text, to show once.
    :raises SecondFactorError: the code is refused (see ``check_code``).
    """
    check_code(user, code, allow_recovery=False)
    codes = _replace_recovery_codes(user)
    record_event("recovery_codes_renewed", user, actor=user)
    db.session.commit()
    return codes


def _replace_recovery_codes(user: User) -> list[str]:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [
        "".join(secrets.choice(RECOVERY_ALPHABET) for _i in range(RECOVERY_LENGTH))
        for _n in range(current_app.config["SECOND_FACTOR_RECOVERY_CODES"])
    ]
    # Hashed like passwords: 50 bits are too few to survive a fast hash if the table leaks.
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=hash_password(c)) for c in codes)
    return [f"{code[:5]}-{code[5:]}" for code in codes]


# Turning it off


def turn_off_second_factor(user: User, password: str, code: str) -> None:
    """Remove ``user``'s second factor and recovery codes; commit.

    :raises SecondFactorError: the password (field "password") or the code (field "off_code")
        is wrong. A wrong password counts as a wrong code, so that a borrowed session
        cannot guess either freely.
    """
    factor = find_second_factor(user)
    if factor is None or not factor.is_confirmed:
        raise SecondFactorError(_("You have no second factor set up."), "off_code")
    _refuse_while_waiting(factor, "off_code")
    if not verify_password(user.password_hash, password):
        _count_wrong_code(user, factor)
        raise SecondFactorError(_("This is not your password."), "password")
    try:
        check_code(user, code)
    except SecondFactorError as error:
        error.field = "off_code"
        raise
    _remove(user)
    record_event("second_factor_off", user, actor=user)
    db.session.commit()


def reset_second_factor(user: User, by: User | None) -> None:
    """Remove ``user``'s second factor for them (a lost phone); commit."""
    _remove(user)
    record_event("second_factor_reset", user, actor=by)
    db.session.commit()


def _remove(user: User) -> None:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.execute(delete(SecondFactor).where(SecondFactor.user_id == user.id))


# Half-way through signing in


def start_pending_sign_in(user: User, remember: bool) -> None:
    """Remember in the (fresh) session that ``user`` gave the right password.

    Only this browser's session holds it, for SECOND_FACTOR_PENDING_SECONDS; it names the
    account's session version, so a password reset or disabling in between ends it too.
    """
    session.clear()
    g.pop("csrf_token", None)  # the cached token belonged to the old session
    session[PENDING_KEY] = {
        "user": user.id,
        "version": user.session_version,
        "expires": time.time() + current_app.config["SECOND_FACTOR_PENDING_SECONDS"],
        "remember": bool(remember),
    }


def pending_sign_in() -> tuple[User, dict] | None:
    """The user half-way through signing in in this session, and their sign-in's details,
    or None if there is none or it expired (then it is forgotten)."""
    pending = session.get(PENDING_KEY)
    if not isinstance(pending, dict):
        return None
    user = db.session.get(User, pending.get("user") or 0)
    if (
        user is None
        or user.is_disabled
        or user.session_version != pending.get("version")
        or time.time() >= pending.get("expires", 0)
        or not has_second_factor(user)
    ):
        session.pop(PENDING_KEY, None)
        return None
    return user, pending


def end_pending_sign_in() -> None:
    session.pop(PENDING_KEY, None)


@dataclass(frozen=True)
class SecondFactorStatus:
    is_on: bool
    since: datetime | None
    codes_left: int
    few_codes_left: bool
    required: bool


def second_factor_status(user: User) -> SecondFactorStatus:
    """What the account and user pages say of ``user``'s second factor."""
    factor = find_second_factor(user)
    is_on = factor is not None and factor.is_confirmed
    return SecondFactorStatus(
        is_on=is_on,
        since=factor.confirmed_at if is_on else None,
        codes_left=recovery_codes_left(user) if is_on else 0,
        few_codes_left=is_on and few_recovery_codes_left(user),
        required=second_factor_required(user),
    )
