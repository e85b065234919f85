"""Editing a record's translation into one language, from the record's edit page."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.editing.saving import Conflicted, Saved, save_form
from app.editing.services import SaveOutcome, head_snapshot
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
    if request.method == "GET":
        if translation is not None:
            snapshot = head_snapshot(translation)
            for name in fields:
                form[name].data = snapshot.get(name, "")
            form.base_revision.data = str(translation.head_revision_id or "")
        return _render(kind, record, language, form, translation)

    here = url_for(".edit", record_type=record_type, record_id=record_id, language=language)
    publish = request.form.get("action") == "publish"

    def save():
        values = {name: _cleaned(record, name, form[name].data) for name in fields}
        _translation, result = save_translation(
            record, language, values, form.base_revision_id(), current_user,
            note=form.change_note.data or "", publish=publish,
        )  # fmt: skip
        if result.outcome is SaveOutcome.CONFLICT:
            return Conflicted(render_rebased)
        message = _("Translation published.") if publish else _("Translation saved as a draft.")
        return Saved(here, message)

    def rebase():
        """Point the form at the latest version: the person has been told to compare it
        with theirs in the history before saving again."""
        latest = find_translation(record, language)
        form.base_revision.data = str(latest.head_revision_id or "") if latest else ""

    def render(status, notice):
        latest = find_translation(record, language)
        return _render(kind, record, language, form, latest, status=status, notice=notice)

    def render_rebased(status, notice):
        rebase()
        return render(status, notice)

    return save_form(form, save, render, rebase=rebase)


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
