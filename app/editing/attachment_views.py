"""A record's files in its editor: attach, remove from the draft, bring back.

Files follow the record's drafts like its text: each change here writes a draft revision,
and the public sees a file once a published revision lists it.
"""

from flask import abort, flash, redirect
from flask_babel import gettext as _
from flask_login import current_user

from app.audit.services import record_event
from app.editing import bp
from app.editing.services import draft_attachment_ids, head_snapshot, public_attachment_ids
from app.editing.views import edit_url, load, render_edit
from app.extensions import db
from app.uploads.checks import UploadRejected
from app.uploads.forms import AttachmentForm
from app.uploads.models import Attachment
from app.uploads.names import name_note
from app.uploads.services import (
    add_to_draft,
    check_file,
    record_file,
    remove_from_draft,
    written,
)


@bp.route("/<record_type>/<int:record_id>/attachments", methods=["POST"])
def upload(record_type: str, record_id: int):
    kind, record = load(record_type, record_id)
    # A POST holds SQLite's write lock from its first query. Reading and checking a file can
    # take seconds, during which everyone else's saves would wait and time out: end the
    # transaction now, and take the lock again only to record the checked file.
    db.session.commit()
    form = AttachmentForm()
    if form.validate_on_submit() and (attached := attach_checked(record, form)):
        attachment, note = attached
        message = _("Attached %(name)s.", name=attachment.original_name)
        flash(f"{message} {note}" if note else message, "warning" if note else "success")
        return redirect(edit_url(kind, record) + "#attachments", code=303)
    edit_form = kind.form(data=head_snapshot(record), record=record)
    edit_form.base_revision.data = str(record.head_revision_id or "")
    return render_edit(kind, record, edit_form, status=422, attachment_form=form)


def attach_checked(record, form: AttachmentForm) -> tuple[Attachment, str | None] | None:
    """Check, store and record the form's file, committed, with a note when its name was
    changed to match its content; or None with the form's errors saying why, and nothing
    written."""
    alt_text = (form.alt_text.data or "").strip()
    filename = form.file.data.filename or ""
    data = form.file.data.read()
    try:
        checked = check_file(data)
        # Before asking for a description: a file that is not what its name says is
        # refused for that, not for lacking a description it should not need.
        note = name_note(data, checked, filename)
    except UploadRejected as error:
        form.file.errors.append(str(error))
        return None
    if checked.content_type.startswith("image/") and not alt_text:
        form.alt_text.errors.append(_("Describe the image for people who cannot see it."))
        return None
    try:
        with written(checked) as stored_name:
            attachment = record_file(record, checked, stored_name, filename, current_user, alt_text)
            name = attachment.original_name
            record_event("attach", actor=current_user, record=record, detail=name)
            db.session.commit()
    except UploadRejected as error:  # no room to write it
        form.file.errors.append(str(error))
        return None
    except BaseException:
        # Nothing half-written: the file went with the block, its row goes too.
        db.session.rollback()
        raise
    return attachment, note


def load_attachment(record_type: str, record_id: int, attachment_id: int):
    kind, record = load(record_type, record_id)
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None or (attachment.record_type, attachment.record_id) != (
        record.record_type,
        record.id,
    ):
        abort(404)
    return kind, record, attachment


@bp.route("/<record_type>/<int:record_id>/attachments/<int:attachment_id>/delete",
          methods=["POST"])  # fmt: skip
def delete_upload(record_type: str, record_id: int, attachment_id: int):
    kind, record, attachment = load_attachment(record_type, record_id, attachment_id)
    if attachment.id in draft_attachment_ids(record):
        remove_from_draft(record, attachment, current_user)
        record_event("detach", actor=current_user, record=record, detail=attachment.original_name)
        db.session.commit()
    if record.is_published and attachment.id in public_attachment_ids(record):
        message = _("Removed %(name)s from the draft. The public sees it until you publish.",
                    name=attachment.original_name)  # fmt: skip
    else:
        message = _("Removed %(name)s.", name=attachment.original_name)
    flash(message, "success")
    return redirect(edit_url(kind, record) + "#attachments", code=303)


@bp.route("/<record_type>/<int:record_id>/attachments/<int:attachment_id>/restore",
          methods=["POST"])  # fmt: skip
def restore_upload(record_type: str, record_id: int, attachment_id: int):
    kind, record, attachment = load_attachment(record_type, record_id, attachment_id)
    if attachment.id not in draft_attachment_ids(record):
        add_to_draft(record, attachment, current_user, f"Brought back {attachment.original_name}")
        record_event("reattach", actor=current_user, record=record, detail=attachment.original_name)
        db.session.commit()
    flash(_("%(name)s is back in the draft.", name=attachment.original_name), "success")
    return redirect(edit_url(kind, record) + "#attachments", code=303)
