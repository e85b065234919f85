"""Editing a record's translation into one language, from the record's edit page."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.diskfull import OUT_OF_SPACE_MESSAGE, OutOfSpace, storing
from app.editing.services import SaveOutcome, UnknownBaseRevision, head_snapshot
from app.editing.views import load
from app.i18n import default_language, is_right_to_left, language_name
from app.translating import bp
from app.translating.forms import translation_form
from app.translating.services import (
    find_translation,
    save_translation,
    target_languages,
    translatable_fields,
    translation_revisions,
    unpublish_translation,
)
from app.translating.texts import as_text, is_list


def _load(record_type: str, record_id: int, language: str):
    kind, record = load(record_type, record_id)
    fields = translatable_fields(kind)
    if not fields or language not in target_languages():
        abort(404)
    return kind, record, fields


@bp.route("/<record_type>/<int:record_id>/<language>", methods=["GET", "POST"])
def edit(record_type: str, record_id: int, language: str):
    kind, record, fields = _load(record_type, record_id, language)
    translation = find_translation(record, language)
    form = translation_form(kind)()
    if request.method == "GET" and translation is not None:
        snapshot = head_snapshot(translation)
        for name in fields:
            form[name].data = snapshot.get(name, "")
        form.base_revision.data = str(translation.head_revision_id or "")
    here = url_for(".edit", record_type=record_type, record_id=record_id, language=language)
    if form.validate_on_submit():
        values = {name: _cleaned(record, name, form[name].data) for name in fields}
        publish = request.form.get("action") == "publish"
        try:
            with storing():
                translation, result = save_translation(
                    record, language, values, form.base_revision_id(), current_user,
                    note=form.change_note.data or "", publish=publish,
                )  # fmt: skip
        except OutOfSpace:
            return _render(kind, record, language, form, find_translation(record, language),
                           status=507, notice=OUT_OF_SPACE_MESSAGE)  # fmt: skip
        except UnknownBaseRevision:
            flash(_("Nothing was saved: this form does not say which version of the "
                    "translation it was opened from, so your text could not be compared with "
                    "changes made meanwhile. Your text is below: check the history, then save "
                    "again."), "warning")  # fmt: skip
            form.base_revision.data = str(translation.head_revision_id or "")
            return _render(kind, record, language, form, translation, status=409)
        if result.outcome is SaveOutcome.CONFLICT:
            flash(
                _("Someone else changed this translation meanwhile, in the same places. "
                  "Your text is below: compare it with theirs in the history, then save again."),
                "warning",
            )  # fmt: skip
            form.base_revision.data = str(translation.head_revision_id or "")
            return _render(kind, record, language, form, translation, status=409)
        flash(_("Translation published.") if publish else _("Translation saved as a draft."),
              "success")  # fmt: skip
        return redirect(here, code=303)
    status = 400 if form.errors else None
    return _render(kind, record, language, form, translation, status=status)


def _cleaned(record, name: str, text: str | None) -> str:
    """The text as saved: trimmed, but a list keeps its leading empty lines, which say
    "keep the original" for its first items."""
    text = (text or "").replace("\r\n", "\n")
    return text.rstrip() if is_list(getattr(record, name)) else text.strip()


def _original(record, name: str) -> str | list[str]:
    """What the form shows beside a field: the record's text, or a list's items as text."""
    value = getattr(record, name)
    return as_text(value).splitlines() if is_list(value) else as_text(value)


def _render(kind, record, language, form, translation, status=None, notice=None):
    body = render_template(
        "translating/edit.html",
        kind=kind,
        record=record,
        language=language,
        language_label=language_name(language),
        direction="rtl" if is_right_to_left(language) else "ltr",
        original_direction="rtl" if is_right_to_left(default_language()) else "ltr",
        form=form,
        fields=translatable_fields(kind),
        originals={name: _original(record, name) for name in translatable_fields(kind)},
        translation=translation,
        revisions=translation_revisions(translation),
        notice=notice,
    )
    return (body, status) if status else body


@bp.route("/<record_type>/<int:record_id>/<language>/unpublish", methods=["POST"])
def unpublish(record_type: str, record_id: int, language: str):
    _kind, record, _fields = _load(record_type, record_id, language)
    translation = find_translation(record, language) or abort(404)
    unpublish_translation(translation, current_user)
    flash(_("The translation is a draft again; readers see the original text."), "success")
    return redirect(
        url_for(".edit", record_type=record_type, record_id=record_id, language=language),
        code=303,
    )
