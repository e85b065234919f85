"""The /manage buttons that keep a record for members and share it with them."""

from flask import abort, flash, redirect
from flask_babel import gettext as _
from flask_login import current_user

from app.editing import bp
from app.editing.models import Status
from app.editing.sharing import mark_members_only, share_with_members, unmark_members_only
from app.editing.views import edit_url, load


def load_shareable(record_type: str, record_id: int):
    """The kind and record, if its kind may be kept for members; else 404 (or load's 403)."""
    kind, record = load(record_type, record_id)
    if not kind.members_only_allowed:
        abort(404)
    return kind, record


@bp.route("/<record_type>/<int:record_id>/members-only", methods=["POST"])
def members_only(record_type: str, record_id: int):
    kind, record = load_shareable(record_type, record_id)
    if record.status is Status.TRASHED:
        abort(400)
    was_published = record.is_published
    mark_members_only(record, current_user)
    message = _("Members only: the public no longer sees it. Share it with members when ready.")
    if not was_published:
        message = _("Members only. Share it with members when ready.")
    flash(message, "success")
    return redirect(edit_url(kind, record), code=303)


@bp.route("/<record_type>/<int:record_id>/for-everyone", methods=["POST"])
def for_everyone(record_type: str, record_id: int):
    kind, record = load_shareable(record_type, record_id)
    unmark_members_only(record)
    flash(_("No longer members only: members do not read it now. It is a draft until you "
            "publish it."), "success")  # fmt: skip
    return redirect(edit_url(kind, record), code=303)


@bp.route("/<record_type>/<int:record_id>/share", methods=["POST"])
def share(record_type: str, record_id: int):
    kind, record = load_shareable(record_type, record_id)
    try:
        share_with_members(record, current_user)
    except ValueError:
        abort(400)
    flash(_("Shared with members: they now read this version in the members' area."),
          "success")  # fmt: skip
    return redirect(edit_url(kind, record), code=303)
