"""Keeping authenticator secrets encrypted at rest, with a key derived from SECRET_KEY.

A copy of the database (a backup, a dump sent for help) then holds no secret that would
let its reader compute anyone's codes. The key is derived (HKDF-SHA256) rather than being
SECRET_KEY itself, so that it serves this one purpose; AES-GCM binds each secret to its
user's id, so that a secret copied into another account's row does not decrypt.

Changing SECRET_KEY makes the stored secrets unreadable: codes from the app are refused
then, while recovery codes (hashed, not encrypted) still work, and an administrator can
reset the second factor.
"""

import base64
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

NONCE_BYTES = 12


class UnreadableSecret(ValueError):
    """The stored secret does not decrypt: SECRET_KEY changed, or the row was tampered with."""


def _cipher() -> AESGCM:
    secret_key = current_app.config["SECRET_KEY"]
    if isinstance(secret_key, str):
        secret_key = secret_key.encode()
    key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"roundtable second factor"
    ).derive(secret_key)
    return AESGCM(key)


def _context(user_id: int) -> bytes:
    return f"user:{user_id}".encode()


def encrypt_secret(secret: str, user_id: int) -> str:
    nonce = secrets.token_bytes(NONCE_BYTES)
    sealed = _cipher().encrypt(nonce, secret.encode(), _context(user_id))
    return base64.urlsafe_b64encode(nonce + sealed).decode("ascii")


def decrypt_secret(stored: str, user_id: int) -> str:
    """The plain secret of ``user_id``.

    :raises UnreadableSecret: it was encrypted under another key or for another user.
    """
    try:
        raw = base64.urlsafe_b64decode(stored.encode("ascii"))
        plain = _cipher().decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], _context(user_id))
    except (InvalidTag, ValueError) as error:
        raise UnreadableSecret(str(error)) from error
    return plain.decode()
