"""Passwords: Argon2id hashing with the cost set in configuration, and the rules a new
password must meet."""

import functools
import gzip
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import gettext as _


def _hasher() -> PasswordHasher:
    config = current_app.config
    return PasswordHasher(
        time_cost=config["ARGON2_TIME_COST"],
        memory_cost=config["ARGON2_MEMORY_COST"],
        parallelism=config["ARGON2_PARALLELISM"],
    )


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True if ``password`` matches; never raises for a wrong or malformed hash."""
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)


# Rules after OWASP ASVS 5.0 (V6.2): a length range and a list of common passwords, but no
# composition rules (no "one digit, one capital"), which only push people to predictable ones.
MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 128
COMMON_PASSWORDS_FILE = Path(__file__).with_name("common-passwords.txt.gz")


@functools.cache
def common_passwords() -> frozenset[str]:
    """The lowercased common passwords of COMMON-PASSWORDS.md, read once per process."""
    with gzip.open(COMMON_PASSWORDS_FILE, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines if line.strip())


def password_problem(password: str, email: str = "") -> str | None:
    """Why ``password`` is not acceptable for the account ``email``, or None.

    Length counts characters, not bytes, and every character counts: nothing is trimmed.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        return _("Use at least %(n)d characters.", n=MIN_PASSWORD_LENGTH)
    if len(password) > MAX_PASSWORD_LENGTH:
        return _("Use at most %(n)d characters.", n=MAX_PASSWORD_LENGTH)
    folded = password.strip().casefold()
    if folded in common_passwords():
        return _("This password is one of the most common ones. Choose another.")
    email = email.strip().casefold()
    if email and folded in {email, email.partition("@")[0]}:
        return _("Do not use your email address as the password.")
    return None
