"""Writes the server's storage refuses: a full disk, a read-only disk, a quota reached.

A save that fails so is rolled back whole. A view that holds the user's text saves
inside ``storing()`` and, on ``OutOfSpace``, shows the form again with the text and
``OUT_OF_SPACE_MESSAGE``; anywhere else the error page says the server is out of space
(507) rather than that something unexplained went wrong.
"""

import errno
from collections.abc import Iterator
from contextlib import contextmanager

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import DBAPIError

from app.extensions import db

OUT_OF_SPACE_MESSAGE = _l(
    "Nothing was saved: the server is out of space (its disk is full or cannot be written). "
    "Your text is kept below. Try again later, or copy it somewhere safe and tell the "
    "site's host."
)

# What the operating system says when the disk, not the request, is at fault. EFBIG:
# a file reached the largest size the system or the process's limit allows.
OS_ERRORS = frozenset({errno.ENOSPC, errno.EROFS, errno.EDQUOT, errno.EFBIG})
# SQLite's result codes for the same: a full disk (or a database at its page limit); a
# read-only file or folder (every SQLITE_READONLY_*); and a write that failed with
# another errno than ENOSPC (a quota, a file size limit), which SQLite reports as
# SQLITE_IOERR_WRITE, or its journal's equivalents.
SQLITE_ERRORS = frozenset(
    {"SQLITE_FULL", "SQLITE_IOERR_WRITE", "SQLITE_IOERR_FSYNC", "SQLITE_IOERR_TRUNCATE",
     "SQLITE_IOERR_SHMSIZE"}
)  # fmt: skip
# PostgreSQL's SQLSTATEs: disk_full; and read_only_sql_transaction, which managed
# servers switch on for every session when their storage fills up.
POSTGRES_ERRORS = frozenset({"53100", "25006"})


class OutOfSpace(Exception):
    """The server could not store a change: its storage refused the write."""


def is_out_of_space(error: BaseException) -> bool:
    """Whether ``error``, or what caused it, is the storage refusing a write."""
    seen = 0
    while error is not None and seen < 10:
        if isinstance(error, DBAPIError) and error.orig is not None:
            error = error.orig
        if isinstance(error, OutOfSpace):
            return True
        if isinstance(error, OSError) and error.errno in OS_ERRORS:
            return True
        name = getattr(error, "sqlite_errorname", None) or ""
        if name in SQLITE_ERRORS or name.startswith("SQLITE_READONLY"):
            return True
        if getattr(error, "sqlstate", None) in POSTGRES_ERRORS:
            return True
        error, seen = error.__cause__ or error.__context__, seen + 1
    return False


@contextmanager
def storing() -> Iterator[None]:
    """Run a save; if the storage refuses it, roll the session back and raise OutOfSpace.

    Any other error passes through unchanged.
    """
    try:
        yield
    except Exception as error:
        if not is_out_of_space(error):
            raise
        db.session.rollback()
        raise OutOfSpace(str(error)) from error
