"""The base form every editable kind's form extends."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, StringField
from wtforms.validators import Length, Optional

from app.database import LARGEST_ID
from app.textforms import TextForm


class EditForm(TextForm):
    """Fields of the record, plus the revision the editor started from.

    Subclasses declare one field per name in the model's ``edit_fields``.
    """

    # The head revision when the form was opened: a save from an older base is merged or
    # kept as a conflict, never written over someone else's change.
    base_revision = HiddenField()
    # Set on the conflict page: the conflict revision this save resolves.
    resolves = HiddenField()
    change_note = StringField(
        _l("What did you change? (optional)"), validators=[Optional(), Length(max=500)]
    )

    BOOKKEEPING = frozenset({"base_revision", "resolves", "change_note", "csrf_token"})
    # Fields most records of the kind leave empty: the edit page folds them under
    # "Advanced", open when one of them holds a value or has an error.
    ADVANCED: frozenset[str] = frozenset()

    def __init__(self, *args, record=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The record being edited (None for a new one), for validators that need it.
        self.record = record

    def content_fields(self):
        return [field for field in self if field.name not in self.BOOKKEEPING]

    def main_fields(self):
        return [field for field in self.content_fields() if field.name not in self.ADVANCED]

    def advanced_fields(self):
        return [field for field in self.content_fields() if field.name in self.ADVANCED]

    def advanced_open(self) -> bool:
        """Whether the "Advanced" fold starts open: it holds a value or a mistake."""
        return any(field.errors or field._value() for field in self.advanced_fields())

    def values(self) -> dict:
        """The record's fields as JSON-ready values for a revision snapshot."""
        from app.editing.models import to_json

        return {field.name: to_json(field.data) for field in self.content_fields()}

    def base_revision_id(self) -> int | None:
        return revision_id(self.base_revision.data)

    def resolves_id(self) -> int | None:
        return revision_id(self.resolves.data)

    def csrf_expired(self) -> bool:
        return bool(self.meta.csrf and self.csrf_token.errors)


def revision_id(text: str | None) -> int | None:
    """A revision id from a hidden field, or None for anything no form of ours sends."""
    value = (text or "").strip()
    # ASCII digits only: str.isdigit() also accepts "²", which int() refuses; and no more
    # than the database stores, or its driver raises OverflowError.
    if value.isascii() and value.isdigit() and int(value) <= LARGEST_ID:
        return int(value)
    return None
