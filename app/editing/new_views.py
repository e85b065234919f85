"""A new record's form: the first save creates the record as a draft (or publishes it),
with the file chosen on the form for a kind that takes one (see first_file.py)."""

from flask import request
from flask_babel import gettext as _
from flask_login import current_user

from app.editing import bp
from app.editing.first_file import FirstFile
from app.editing.registry import EditableKind, get_kind
from app.editing.saving import Saved, save_form
from app.editing.services import create_record
from app.editing.views import edit_url, publish_if_space, published_message, render_edit
from app.extensions import csrf, db
from app.uploads.forms import FirstFileForm


@bp.route("/<record_type>/new", methods=["GET", "POST"])
@csrf.exempt  # the form checks its own token, so an expired one re-shows the text
def new(record_type: str):
    kind = get_kind(record_type)
    form = kind.form()
    first_file = FirstFile(FirstFileForm(), current_user) if kind.files_on_new else None
    if request.method == "GET":
        prefill(form, kind.prefill_fields)
        return render_new(kind, form, first_file)

    def validate() -> bool:
        if first_file is None:
            return form.validate_on_submit()
        # A POST holds SQLite's write lock from its first query, and checking a file can
        # take seconds: end the transaction first (nothing is written yet).
        db.session.commit()
        file_valid = first_file.validate()
        return form.validate_on_submit() and file_valid

    def save():
        def create():
            return create_record(kind.model, form.values(), current_user, form.change_note.data)

        record, attachment = first_file.create_with_file(create) if first_file else (create(), None)
        attached = first_file.attached_message(attachment) if first_file else ""
        if request.form.get("action") == "publish" and publish_if_space(record):
            said = " ".join(filter(None, [_("Created and published."), attached]))
            message = published_message(said)
        elif request.form.get("action") == "publish":  # saved, not published: no space
            message = attached or None
        else:
            draft = _("Draft created. It is not public until you publish it.")
            message = " ".join(filter(None, [draft, attached]))
        return Saved(edit_url(kind, record), message)

    def render(status, notice):
        if first_file:
            first_file.keep_aside()
        return render_new(kind, form, first_file, status=status, notice=notice)

    return save_form(form, save, render, validate=validate)


def render_new(kind: EditableKind, form, first_file: FirstFile | None, **extra):
    """The form of a new record, with its file field when the kind takes one."""
    if first_file:
        extra.update(file_form=first_file.form, kept_file_name=first_file.kept_name())
    return render_edit(kind, None, form, **extra)


def prefill(form, names: tuple[str, ...]) -> None:
    """Start the named fields from the query string; a value the field cannot take is
    left out rather than refused, since nothing is being saved yet."""
    for name in names:
        value = request.args.get(name)
        if value is None:
            continue
        field = form[name]
        try:
            field.data = field.coerce(value) if hasattr(field, "coerce") else value
        except (TypeError, ValueError):
            continue
