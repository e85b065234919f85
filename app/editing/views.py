from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select

from app.accounts.models import Role
from app.diskfull import OutOfSpace, storing
from app.editing import bp
from app.editing.diff import diff_snapshots
from app.editing.forms import revision_id
from app.editing.models import Revision, RevisionKind, Status
from app.editing.registry import EditableKind, get_kind
from app.editing.resume import refuse_unproven_post
from app.editing.saving import Conflicted, Saved, expired_token_notice, save_form
from app.editing.services import (
    SaveOutcome,
    UnknownBaseRevision,
    accept_submission,
    decline_submission,
    get_revision,
    head_snapshot,
    public_attachment_ids,
    publish_record,
    purge_record,
    restore_from_trash,
    restore_revision,
    revisions_of,
    save_record,
    submit_for_review,
    trash_record,
    unpublish_record,
)
from app.editing.sharing import MembersOnly, members_only_ids, share_of
from app.editing.shown import shown_snapshot
from app.extensions import csrf, db
from app.manage.access import allow_roles
from app.textforms import LONG_TEXT
from app.uploads.forms import AttachmentForm
from app.uploads.services import (
    draft_attachments_of,
    removed_attachments_of,
)

EDITORS_AND_PARTNERS = (Role.ADMIN, Role.EDITOR, Role.PARTNER)
# The page that brings the static copy up to date (app.export.views), when installed.
PUBLISH_PAGE = "export.manage.publish"


def load(record_type: str, record_id: int) -> tuple[EditableKind, object]:
    """The kind and record named in the URL, if the current user may edit it; else 404/403."""
    kind = get_kind(record_type)
    record = db.session.get(kind.model, record_id)
    if record is None:
        abort(404)
    if not kind.may_edit(current_user, record):
        abort(403)
    return kind, record


def edit_url(kind: EditableKind, record) -> str:
    return url_for("editing.edit", record_type=kind.record_type, record_id=record.id)


@bp.route("/<record_type>/")
def index(record_type: str):
    kind = get_kind(record_type)
    status = request.args.get("status", "")
    query = select(kind.model)
    if status in {s.value for s in Status}:
        query = query.where(kind.model.status == Status(status))
    else:
        query = query.where(kind.model.status != Status.TRASHED)
    query = query.order_by(*(getattr(kind.model, name) for name in kind.order_by))
    records = db.session.scalars(query).all()
    return render_template(
        "editing/index.html", kind=kind, records=records, status=status,
        members_only=members_only_ids(kind.record_type) if kind.members_only_allowed else set(),
    )  # fmt: skip


@bp.route("/<record_type>/<int:record_id>/edit", methods=["GET", "POST"])
@allow_roles(*EDITORS_AND_PARTNERS)
@csrf.exempt  # the form checks its own token, so an expired one re-shows the text
def edit(record_type: str, record_id: int):
    kind, record = load(record_type, record_id)
    if request.method == "GET":
        form = kind.form(data=head_snapshot(record), record=record)
        form.base_revision.data = str(record.head_revision_id or "")
        return render_edit(kind, record, form)

    refuse_unproven_post()
    form = kind.form(record=record)
    if request.form.get("action") == "preview":
        # Without JavaScript the preview comes from this button: show the text rendered,
        # save nothing.
        return render_edit(kind, record, form, status=200)

    def rebase():
        form.base_revision.data = str(record.head_revision_id or "")

    return save_form(
        form,
        lambda: save_edit(kind, record, form),
        lambda status, notice: render_edit(kind, record, form, status=status, notice=notice),
        rebase=rebase,
    )


def save_edit(kind: EditableKind, record, form) -> Saved | Conflicted:
    """Save (and publish, or submit for review) a valid edit form.

    :raises UnknownBaseRevision: the form names no version of the record; nothing written.
    """
    if kind.is_review_only(current_user):
        submit_for_review(
            record, form.values(), form.base_revision_id(), current_user, form.change_note.data
        )
        return Saved(
            edit_url(kind, record),
            _("Thank you. Your changes were sent to the secretariat for review."),
        )

    resolves = get_revision(record, form.resolves_id())
    result = save_record(
        record,
        form.values(),
        form.base_revision_id(),
        current_user,
        form.change_note.data,
        resolves=resolves if resolves and resolves.kind is RevisionKind.CONFLICT else None,
    )
    if result.outcome is SaveOutcome.CONFLICT:
        return Conflicted(
            lambda status, notice: render_conflict(kind, record, result.revision, status, notice)
        )
    published = request.form.get("action") == "publish" and publish_if_space(record)
    return Saved(edit_url(kind, record), outcome_message(result.outcome, published))


def publish_if_space(record) -> bool:
    """Publish a record just saved; if the disk refuses, say so and keep it a draft."""
    try:
        with storing():
            publish_record(record, current_user)
    except MembersOnly:
        flash(_("Saved as a draft. This record is for members only: share it with members "
                "instead of publishing it."), "warning")  # fmt: skip
        return False
    except OutOfSpace:
        flash(_("Saved as a draft but not published: the server is out of space. Publish "
                "again later."), "warning")  # fmt: skip
        return False
    return True


def outcome_message(outcome: SaveOutcome, published: bool) -> str:
    if outcome is SaveOutcome.MERGED:
        text = _("Saved. Other parts had been changed since you opened it; both changes are kept.")
    elif outcome is SaveOutcome.UNCHANGED:
        text = _("Nothing had changed, so no new version was saved.")
    else:
        text = _("Saved.")
    return published_message(text) if published else text


def published_message(text: str = "") -> Markup:
    """``text``, then that the live site shows the published version now, with the way to
    the static copy, which follows only when the site is published again."""
    said = f"{text} " if text else ""
    said += _("The public now sees this version on the live site.")
    if PUBLISH_PAGE not in current_app.view_functions:
        return Markup("{}").format(said)
    return Markup('{} <a href="{}">{}</a>').format(
        said, url_for(PUBLISH_PAGE), _("Publish the site to update its offline copy.")
    )


def render_edit(kind: EditableKind, record, form, status: int | None = None, **extra):
    # Imported here: the translating package's pages build on this module's ``load``.
    from app.translating.services import translations_of

    if status is None:
        status = 422 if request.method == "POST" else 200
    expired = expired_token_notice(form)
    extra["notice"] = extra.get("notice") or expired
    context = {
        "kind": kind,
        "record": record,
        "form": form,
        "attachments": draft_attachments_of(record) if record else [],
        "public_attachment_ids": set(public_attachment_ids(record)) if record else set(),
        "removed_attachments": removed_attachments_of(record) if record else [],
        "pending": pending_revisions(record) if record else [],
        "translations": translations_of(record) if record else [],
        "attachment_form": extra.pop("attachment_form", None) or AttachmentForm(),
        "share": share_of(record) if record and kind.members_only_allowed else None,
        **(kind.lifecycle_context(record) if record and kind.lifecycle_template else {}),
        **extra,
    }
    return render_template("editing/edit.html", **context), status


def pending_revisions(record) -> list[Revision]:
    """Unresolved conflicts and submissions waiting on this record."""
    return [
        revision
        for revision in revisions_of(record)
        if revision.kind in (RevisionKind.CONFLICT, RevisionKind.SUBMITTED)
        and revision.resolved_at is None
    ]


@bp.route("/<record_type>/<int:record_id>/conflict/<int:revision_id>")
@allow_roles(*EDITORS_AND_PARTNERS)
def conflict(record_type: str, record_id: int, revision_id: int):
    kind, record = load(record_type, record_id)
    mine = get_revision(record, revision_id)
    if mine is None or mine.kind is not RevisionKind.CONFLICT:
        abort(404)
    return render_conflict(kind, record, mine)


def render_conflict(kind: EditableKind, record, mine: Revision, status=200, notice=None):
    """The conflict revision ``mine`` in the edit form, beside the latest draft."""
    theirs = head_snapshot(record)
    form = kind.form(data=mine.snapshot, record=record)
    form.base_revision.data = str(record.head_revision_id or "")
    form.resolves.data = str(mine.id)
    form.change_note.data = mine.note
    fields = [field.name for field in form.content_fields()]
    body = render_template(
        "editing/conflict.html",
        kind=kind,
        record=record,
        form=form,
        mine=mine,
        theirs=theirs,
        diffs=[
            d
            for d in diff_snapshots(
                shown_snapshot(kind, theirs, record),
                shown_snapshot(kind, mine.snapshot, record),
                fields,
            )
            if d.changed
        ],
        notice=notice,
    )
    return body, status


@bp.route("/preview", methods=["POST"])
@allow_roles(*EDITORS_AND_PARTNERS)
def preview():
    """The Markdown as the public page will show it (same renderer, same sanitiser)."""
    text = request.form.get(request.args.get("field", "body"), "")
    return render_template("editing/_preview.html", text=text)


@bp.app_template_test("previewable")
def previewable(text: str | None) -> bool:
    """Short enough to preview. A longer text is refused by every form, and rendering it
    would hold a worker for seconds (megabytes took a minute) to show what cannot be saved."""
    return len(text or "") <= LONG_TEXT


@bp.route("/<record_type>/<int:record_id>/history")
def history(record_type: str, record_id: int):
    kind, record = load(record_type, record_id)
    return render_template(
        "editing/history.html", kind=kind, record=record, revisions=revisions_of(record)
    )


@bp.route("/<record_type>/<int:record_id>/diff")
def diff(record_type: str, record_id: int):
    kind, record = load(record_type, record_id)
    old = get_revision(record, request.args.get("from", type=revision_id))
    new = get_revision(record, request.args.get("to", type=revision_id))
    if old is None or new is None:
        abort(404)
    if old.id > new.id:
        old, new = new, old
    # Each change is headed by its field's label, as the edit form shows it.
    labels = {field.name: field.label.text for field in kind.form().content_fields()}
    return render_template(
        "editing/diff.html",
        kind=kind,
        record=record,
        old=old,
        new=new,
        # Partners by name and options by label, as the edit form shows them.
        diffs=diff_snapshots(
            shown_snapshot(kind, old.snapshot, record),
            shown_snapshot(kind, new.snapshot, record),
            list(labels),
            frozenset({kind.markdown_field}) if kind.markdown_field else frozenset(),
        ),
        labels=labels,
    )


@bp.route("/<record_type>/<int:record_id>/restore/<int:revision_id>", methods=["POST"])
def restore(record_type: str, record_id: int, revision_id: int):
    kind, record = load(record_type, record_id)
    revision = get_revision(record, revision_id)
    if revision is None:
        abort(404)
    restore_revision(record, revision, current_user)
    flash(_("The older version is back as the latest draft. Publish it to show it."), "success")
    return redirect(edit_url(kind, record), code=303)


def _status_action(record_type: str, record_id: int, action, message: str):
    kind, record = load(record_type, record_id)
    action(record, current_user)
    flash(message, "success")
    return kind, record


@bp.route("/<record_type>/<int:record_id>/publish", methods=["POST"])
def publish(record_type: str, record_id: int):
    try:
        kind, record = _status_action(
            record_type, record_id, publish_record, published_message(_("Published."))
        )
    except MembersOnly:
        kind, record = load(record_type, record_id)
        flash(_("Not published: this record is for members only. Share it with members "
                "instead."), "error")  # fmt: skip
    return redirect(edit_url(kind, record), code=303)


@bp.route("/<record_type>/<int:record_id>/unpublish", methods=["POST"])
def unpublish(record_type: str, record_id: int):
    kind, record = _status_action(
        record_type, record_id, unpublish_record, _("Unpublished. It is now a private draft.")
    )
    return redirect(edit_url(kind, record), code=303)


@bp.route("/<record_type>/<int:record_id>/trash", methods=["POST"])
def trash(record_type: str, record_id: int):
    # With the way back beside it: on a phone the menu that leads to the trash is folded.
    message = Markup('{} <a href="{}">{}</a>').format(
        _("Moved to the trash."), url_for("manage.trash"), _("Open the trash to restore it.")
    )
    kind, _record = _status_action(record_type, record_id, trash_record, message)
    return redirect(url_for("editing.index", record_type=kind.record_type), code=303)


@bp.route("/<record_type>/<int:record_id>/untrash", methods=["POST"])
def untrash(record_type: str, record_id: int):
    kind, record = _status_action(
        record_type, record_id, restore_from_trash, _("Restored from the trash.")
    )
    return redirect(edit_url(kind, record), code=303)


@bp.route("/<record_type>/<int:record_id>/purge", methods=["POST"])
@allow_roles(Role.ADMIN)
def purge(record_type: str, record_id: int):
    kind, record = load(record_type, record_id)
    if record.status is not Status.TRASHED:
        abort(400)
    purge_record(record, current_user)
    flash(_("Deleted for good."), "success")
    return redirect(url_for("manage.trash"), code=303)


@bp.route("/<record_type>/<int:record_id>/submissions/<int:revision_id>/<any(accept,decline):verb>",
          methods=["POST"])  # fmt: skip
def review(record_type: str, record_id: int, revision_id: int, verb: str):
    kind, record = load(record_type, record_id)
    submission = get_revision(record, revision_id)
    if submission is None or submission.kind is not RevisionKind.SUBMITTED:
        abort(404)
    if verb == "decline":
        decline_submission(record, submission, current_user)
        flash(_("The suggested changes were declined."), "success")
        return redirect(edit_url(kind, record), code=303)
    try:
        result = accept_submission(record, submission, current_user)
    except UnknownBaseRevision:  # a suggestion sent before bases were checked
        flash(_("This suggestion does not say which version it was made from, so it cannot "
                "be merged safely. See what it changes and copy what you want to keep."),
              "warning")  # fmt: skip
        return redirect(edit_url(kind, record), code=303)
    if result.outcome is SaveOutcome.CONFLICT:
        flash(_("The suggestion overlaps a newer change: merge them below."), "warning")
        return redirect(
            url_for("editing.conflict", record_type=record_type, record_id=record_id,
                    revision_id=result.revision.id),
            code=303,
        )  # fmt: skip
    flash(_("Accepted into the draft. Publish to show it."), "success")
    return redirect(edit_url(kind, record), code=303)
