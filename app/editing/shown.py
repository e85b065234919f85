"""A saved version's fields as its edit form shows them, for the pages that compare
versions: partners by name rather than by address, chosen options by their labels."""

from wtforms import BooleanField, SelectFieldBase
from wtforms.fields.core import Field

from app.editing.diff import as_text
from app.editing.registry import EditableKind


def shown_snapshot(kind: EditableKind, snapshot: dict, record=None) -> dict[str, str]:
    """Each content field of ``snapshot`` as text, written as the form writes it."""
    # No form data (a conflict is shown on a POST) and no token: the form only writes.
    form = kind.form(formdata=None, data=snapshot, record=record, meta={"csrf": False})
    return {field.name: shown_value(field) for field in form.content_fields()}


def shown_value(field: Field) -> str:
    if isinstance(field, BooleanField):
        return str(field.label.text) if field.data else ""
    if isinstance(field, SelectFieldBase):
        # Options in the form's own order, by the label a person picked them by.
        return ", ".join(str(label) for _value, label, chosen, *_ in field.iter_choices() if chosen)
    if hasattr(field, "_value"):
        return field._value()
    return as_text(field.data)
