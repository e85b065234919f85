import unicodedata
from urllib.parse import quote

from flask import abort, redirect, send_file, url_for
from flask_login import current_user

from app.editing.registry import all_kinds
from app.export.state import depends_on
from app.extensions import db
from app.uploads import bp
from app.uploads.models import Attachment
from app.uploads.services import is_public, path_of

# Shown in the browser; everything else is downloaded.
INLINE_TYPES = ("application/pdf", "image/png", "image/jpeg")


def owner_of(attachment: Attachment):
    kind = all_kinds().get(attachment.record_type)
    return db.session.get(kind.model, attachment.record_id) if kind else None


def may_read(attachment: Attachment) -> bool:
    """Anyone may read a file the record's published revision lists; the record's editors
    may also read those of its drafts and those removed from it."""
    record = owner_of(attachment)
    if record is None:
        return False
    if is_public(attachment, record):
        return True
    return current_user.is_authenticated and all_kinds()[attachment.record_type].may_edit(
        current_user, record
    )


@bp.route("/files/<int:attachment_id>/<path:filename>")
def download(attachment_id: int, filename: str):
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None or not may_read(attachment):
        abort(404)
    # One address per file: the static export has one copy, and counts them.
    if unicodedata.normalize("NFC", filename) != attachment.original_name:
        return redirect(
            url_for(
                "uploads.download", attachment_id=attachment.id, filename=attachment.original_name
            ),
            301,
        )
    depends_on(attachment.record_type, attachment.record_id)
    return file_response(attachment)


def file_response(attachment: Attachment, public: bool = True):
    """The file itself, shown or downloaded, and never run as a page of this site.

    A file that is not ``public`` (one read signed in) is kept by no cache.
    """
    response = send_file(
        path_of(attachment),
        mimetype=attachment.content_type,
        conditional=True,
        max_age=3600 if public else None,
        etag=attachment.sha256,
    )
    if not public:
        response.headers["Cache-Control"] = "private, no-store"
    disposition = "inline" if attachment.content_type in INLINE_TYPES else "attachment"
    ascii_name = attachment.original_name.encode("ascii", "replace").decode().replace('"', "")
    response.headers["Content-Disposition"] = (
        f'{disposition}; filename="{ascii_name}"; '
        f"filename*=UTF-8''{quote(attachment.original_name)}"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    # A file is shown as itself, never as a page of this site that could run scripts.
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
