"""Files chosen on a form that was refused for another field, kept aside until it is saved.

A browser never sends a chosen file back with a form shown again, so without this the
person would have to find it on their computer a second time, and might not notice. The
file's bytes, exactly as sent, wait in the upload folder's ``pending/`` folder under a
random name; the form carries a token signed by this site that names the file and the
person who chose it. Every check an upload passes is made again when the form is saved,
as for a file sent then. Files kept aside longer than ``PENDING_MAX_AGE`` are removed.
"""

import os
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from app.uploads.services import clean_filename, upload_folder

SALT = "roundtable.uploads.pending"
# Long enough to correct a form over lunch; a form older than this asks for its file again.
PENDING_MAX_AGE = 24 * 3600
STORED_NAME = re.compile(r"^[0-9a-f]{32}$")


@dataclass(frozen=True)
class PendingFile:
    data: bytes
    filename: str


def pending_folder() -> Path:
    return upload_folder() / "pending"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=SALT)


def keep_aside(data: bytes, filename: str, user_id: int) -> str:
    """Store ``data`` until the form is sent again; returns the token the form carries.

    :raises OSError: the file could not be written (a full disk); nothing is left behind.
    """
    remove_expired()
    folder = pending_folder()
    folder.mkdir(parents=True, exist_ok=True)
    stored_name = secrets.token_hex(16)
    temporary = folder / f"{stored_name}.part"
    try:
        with temporary.open("xb") as out:
            out.write(data)
        temporary.replace(folder / stored_name)
    except OSError:
        temporary.unlink(missing_ok=True)
        raise
    return _serializer().dumps(
        {"user": user_id, "stored": stored_name, "name": clean_filename(filename)}
    )


def take_back(token: str, user_id: int) -> PendingFile | None:
    """The file a token kept aside for this user, or None if the token is not this site's,
    is another person's, has expired, or its file is gone."""
    path, filename = _located(token, user_id)
    if path is None:
        return None
    try:
        return PendingFile(path.read_bytes(), filename)
    except FileNotFoundError:
        return None


def discard(token: str, user_id: int) -> None:
    """Remove the file a token kept aside, once it is attached (or replaced)."""
    path, _filename = _located(token, user_id)
    if path is not None:
        path.unlink(missing_ok=True)


def kept_name(token: str, user_id: int) -> str | None:
    """The name of the file a token kept aside, for the form to say it is kept."""
    path, filename = _located(token, user_id)
    return filename if path is not None and path.exists() else None


def _located(token: str, user_id: int) -> tuple[Path | None, str]:
    try:
        data = _serializer().loads(token or "", max_age=PENDING_MAX_AGE)
    except BadSignature:  # forged, altered and expired alike
        return None, ""
    if (
        not isinstance(data, dict)
        or data.get("user") != user_id
        or not STORED_NAME.match(str(data.get("stored", "")))
    ):
        return None, ""
    return pending_folder() / data["stored"], str(data.get("name") or "file")


def remove_expired() -> None:
    """Remove files kept aside for forms that were never sent again."""
    folder = pending_folder()
    if not folder.is_dir():
        return
    oldest = time.time() - PENDING_MAX_AGE
    for path in folder.iterdir():
        try:
            if path.stat().st_mtime < oldest:
                os.unlink(path)
        except FileNotFoundError:  # removed meanwhile by another worker
            continue
