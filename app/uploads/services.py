"""Storing, listing and deleting attachments."""

import errno
import hashlib
import os
import secrets
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from app.accounts.models import User
from app.export.state import is_exporting, shared_by_run
from app.extensions import db
from app.uploads.checks import CheckedFile, UploadRejected, check_upload
from app.uploads.models import Attachment

# Write errors that mean the disk (or the space allowed to this server) is full.
OUT_OF_SPACE = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


def clean_filename(name: str) -> str:
    """The uploader's file name without any folder part or control characters.

    Unicode is kept ("Informe 2025 – Añasco.pdf"): the name is only ever shown and sent in
    Content-Disposition, never used as a path.
    """
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip(" .")
    return name[:200] or "file"


def human_size(size: int) -> str:
    if size >= 2**20:
        return f"{size / 2**20:.3g} MB"
    return f"{max(1, round(size / 1024))} KB"


def upload_folder() -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"])


def path_of(attachment: Attachment) -> Path:
    return upload_folder() / attachment.stored_name


def store_attachment(
    record, data: bytes, filename: str, user: User | None, alt_text: str = ""
) -> Attachment:
    """Check ``data`` by content, store it under a random name and record it (not committed).

    :raises UploadRejected: the content is not accepted, or there is no room for it;
        nothing is written.
    """
    checked = check_file(data)
    with written(checked) as stored_name:
        return record_file(record, checked, stored_name, filename, user, alt_text)


@contextmanager
def written(checked: CheckedFile) -> Iterator[str]:
    """Write ``checked`` (see write_file) for the block, which gets its stored name; if the
    block fails, the file is removed again: no file is ever left without its row.

    :raises UploadRejected: the server has no room for the file.
    """
    stored_name = write_file(checked)
    try:
        yield stored_name
    except BaseException:
        remove_file(stored_name)
        raise


def check_file(data: bytes) -> CheckedFile:
    """The file as it will be stored, decided from its content; reads no database.

    Checking can take seconds (a PDF of many pages, a large photo), so views call this
    before anything that holds the database's write lock.

    :raises UploadRejected: too large, or content not accepted.
    """
    limit = current_app.config["UPLOAD_MAX_BYTES"]
    if len(data) > limit:
        raise UploadRejected(
            _(
                "This file is larger than %(size)s, the most this site accepts.",
                size=human_size(limit),
            )  # fmt: skip
        )
    return check_upload(data)


def write_file(checked: CheckedFile) -> str:
    """Write a checked file to the upload folder under a new random name; returns the name.

    All or nothing: the bytes go to a temporary file, reach the disk, and only then take
    their name, and a failed write (a full disk) removes the temporary file.

    :raises UploadRejected: the server has no room for the file.
    """
    stored_name = f"{secrets.token_hex(16)}.{checked.extension}"
    path = upload_folder() / stored_name
    temporary = path.with_suffix(".part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with temporary.open("xb") as out:
            out.write(checked.data)
            out.flush()
            os.fsync(out.fileno())
        temporary.replace(path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        if error.errno in OUT_OF_SPACE:
            current_app.logger.error("No room for an upload in %s: %s", path.parent, error)
            raise UploadRejected(
                _(
                    "The server has no room left to store files, so this one was not saved. "
                    "Please tell the site's administrators; your other input is kept."
                )  # fmt: skip
            ) from error
        raise
    return stored_name


def record_file(
    record, checked: CheckedFile, stored_name: str, filename: str, user, alt_text: str = ""
) -> Attachment:
    """Add the row of a file written by write_file (not committed)."""
    stem = clean_filename(filename).rsplit(".", 1)[0] or "file"
    attachment = Attachment(
        record_type=record.record_type,
        record_id=record.id,
        original_name=f"{stem}.{checked.extension}",
        stored_name=stored_name,
        content_type=checked.content_type,
        size=len(checked.data),
        sha256=hashlib.sha256(checked.data).hexdigest(),
        alt_text=alt_text.strip(),
        width=checked.width,
        height=checked.height,
        uploaded_by_id=user.id if user else None,
    )
    db.session.add(attachment)
    db.session.flush()
    add_to_draft(record, attachment, user)
    return attachment


def add_to_draft(record, attachment: Attachment, user, note: str = "") -> None:
    """List the file in the record's draft: public once the record is next published."""
    from app.editing.services import draft_attachment_ids, save_attachment_list

    ids = [i for i in draft_attachment_ids(record) if i != attachment.id] + [attachment.id]
    save_attachment_list(record, ids, user, note or f"Attached {attachment.original_name}")


def remove_from_draft(record, attachment: Attachment, user) -> None:
    """Take the file off the record's draft (not committed). The public keeps it until the
    record is next published; the file itself stays, to be brought back from the history
    or the list of removed files. Only purging the record deletes it."""
    from app.editing.services import draft_attachment_ids, save_attachment_list

    ids = [i for i in draft_attachment_ids(record) if i != attachment.id]
    save_attachment_list(record, ids, user, f"Removed {attachment.original_name}")


def remove_file(stored_name: str) -> None:
    """Delete a stored file that no row refers to (after a failed save)."""
    (upload_folder() / stored_name).unlink(missing_ok=True)


def attachments_of(record) -> list[Attachment]:
    """The files the public sees with the record (those of its published revision), in
    their order.

    The export asks for those of thousands of records: it reads each kind's attachments
    once per run (one query instead of one a page).
    """
    if is_exporting():
        return list(attachments_by_record(record.record_type).get(record.id, ()))
    from app.editing.services import public_attachment_ids

    return _listed(_rows_of(record), public_attachment_ids(record))


def listed_attachments_of(record, ids: list[int]) -> list[Attachment]:
    """The record's files that ``ids`` (a revision's list) names, in their order."""
    return _listed(_rows_of(record), ids)


def draft_attachments_of(record) -> list[Attachment]:
    """The files of the record's latest draft, as coordinators see and preview them."""
    from app.editing.services import draft_attachment_ids

    return _listed(_rows_of(record), draft_attachment_ids(record))


def removed_attachments_of(record) -> list[Attachment]:
    """The record's files its latest draft no longer lists, newest first: they can be
    brought back until the record is purged."""
    from app.editing.services import draft_attachment_ids

    listed = set(draft_attachment_ids(record))
    return [a for a in reversed(_rows_of(record)) if a.id not in listed]


def is_public(attachment: Attachment, record) -> bool:
    from app.editing.services import public_attachment_ids

    return attachment.id in public_attachment_ids(record)


def _rows_of(record) -> list[Attachment]:
    return list(
        db.session.scalars(
            select(Attachment)
            .where(Attachment.record_type == record.record_type, Attachment.record_id == record.id)
            .order_by(Attachment.position, Attachment.id)
        )
    )


def _listed(rows: list[Attachment], ids: list[int]) -> list[Attachment]:
    listed = set(ids)
    return [attachment for attachment in rows if attachment.id in listed]


def attachments_by_record(record_type: str) -> dict[int, list[Attachment]]:
    """The files the public sees of every record of a type, by record id, in their order.

    For a page that shows thousands of records, as a data file does: one query instead
    of one a record. The export reads them once per run.
    """
    if is_exporting():
        return shared_by_run(
            f"uploads.attachments:{record_type}", lambda: _attachments_by_record(record_type)
        )
    return _attachments_by_record(record_type)


def _attachments_by_record(record_type: str) -> dict[int, list[Attachment]]:
    public = _public_ids(record_type)
    found: dict[int, list[Attachment]] = {}
    for attachment in db.session.scalars(
        select(Attachment)
        .where(Attachment.record_type == record_type)
        .order_by(Attachment.position, Attachment.id)
    ):
        if attachment.id in public.get(attachment.record_id, ()):
            found.setdefault(attachment.record_id, []).append(attachment)
    return found


def _public_ids(record_type: str) -> dict[int, set[int]]:
    """For each published record of the type that has files: the ids its published
    revision lists."""
    from app.editing.models import Revision, Status, attachment_ids
    from app.editing.registry import all_kinds

    kind = all_kinds().get(record_type)
    if kind is None:
        return {}
    model = kind.model
    with_files = select(Attachment.record_id).where(Attachment.record_type == record_type)
    rows = db.session.execute(
        select(model.id, Revision.snapshot)
        .join(Revision, Revision.id == model.published_revision_id)
        .where(model.status == Status.PUBLISHED, model.id.in_(with_files))
    )
    return {record_id: set(attachment_ids(snapshot)) for record_id, snapshot in rows}


def public_attachments() -> list[Attachment]:
    """The attachments anyone may download: those the published revisions list, in id order."""
    record_types = db.session.scalars(select(Attachment.record_type).distinct()).all()
    found: list[Attachment] = []
    for record_type in record_types:
        for attachments in attachments_by_record(record_type).values():
            found += attachments
    return sorted(found, key=lambda attachment: attachment.id)


# The session's files to remove once its deletion of their rows is committed.
FILES_TO_REMOVE = "uploads.files_to_remove"


def delete_attachment(attachment: Attachment) -> None:
    """Remove the row (in the session) and, once that is committed, the file, for good:
    for purging a record only. Rolled back, both stay."""
    db.session.delete(attachment)
    db.session.info.setdefault(FILES_TO_REMOVE, []).append(path_of(attachment))


@event.listens_for(Session, "after_commit")
def _remove_deleted_files(session) -> None:
    for path in session.info.pop(FILES_TO_REMOVE, []):
        path.unlink(missing_ok=True)


@event.listens_for(Session, "after_rollback")
def _keep_files(session) -> None:
    session.info.pop(FILES_TO_REMOVE, None)


def delete_attachments_of(record) -> None:
    """Delete every file of the record for good, removed ones included."""
    for attachment in _rows_of(record):
        delete_attachment(attachment)


def delete_files_of_purged(record, **_signal) -> None:
    """Receives ``record_purging``: the record's files go with it."""
    delete_attachments_of(record)
