"""The translation form of a kind: one field per translatable field, labelled as the kind's
own form labels it."""

from functools import cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, String
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from app.editing.forms import revision_id
from app.editing.registry import EditableKind
from app.textforms import LONG_TEXT, SiteImagesOnly, TextForm, TextLength

# Columns up to this length are a line of text (a name, a place); longer ones a text area.
ONE_LINE = 400


class TranslationForm(TextForm):
    """The bookkeeping every translation form has; ``translation_form`` adds the fields.

    Every field may stay empty: an empty field shows the record's own text.
    """

    base_revision = HiddenField()
    change_note = StringField(
        _l("What did you change? (optional)"), validators=[Optional(), Length(max=500)]
    )

    def base_revision_id(self) -> int | None:
        return revision_id(self.base_revision.data)


def translation_form(kind: EditableKind) -> type[TranslationForm]:
    """A form class with the translatable fields of ``kind``, in the order it declares them."""
    return _form_class(kind.model, kind.form)


@cache
def _form_class(model: type, source_form: type) -> type[TranslationForm]:
    fields = {}
    for name in model.translatable_fields:
        column = model.__table__.columns.get(name)
        length = getattr(column.type, "length", None) if column is not None else None
        # A column's own length, or a long text's (without a maxlength a browser would
        # silently cut a longer paste at).
        validators = [Optional(), Length(max=length) if length else TextLength(LONG_TEXT)]
        # A translation of a Markdown text takes images from this site only, as its source.
        if any(isinstance(v, SiteImagesOnly) for v in _validators(source_form, name)):
            validators.append(SiteImagesOnly())
        label = _label(source_form, name)
        if isinstance(getattr(column, "type", None), String) and length and length <= ONE_LINE:
            fields[name] = StringField(label, validators=validators)
        elif isinstance(getattr(column, "type", None), JSON):  # a list: one item a line
            description = _l("One line per item, in the original's order. An empty line keeps "
                             "the original item.")  # fmt: skip
            fields[name] = TextAreaField(label, validators=validators, description=description)
        else:
            fields[name] = TextAreaField(label, validators=validators)
    return type(f"{model.__name__}TranslationForm", (TranslationForm,), fields)


def _validators(source_form: type, name: str) -> list:
    """The validators of the kind's own form for this field."""
    unbound = getattr(source_form, name, None)
    if unbound is None:
        return []
    return list(unbound.kwargs.get("validators") or (unbound.args[1:2] or [[]])[0])


def _label(source_form: type, name: str):
    """The label of the kind's own form for this field (its name if the form has none)."""
    unbound = getattr(source_form, name, None)
    if unbound is None:
        return name.replace("_", " ").capitalize()
    if "label" in unbound.kwargs:
        return unbound.kwargs["label"]
    return unbound.args[0] if unbound.args else name.replace("_", " ").capitalize()
