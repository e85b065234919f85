"""The base of every form whose text is stored: NUL characters get a message, not a 500.

PostgreSQL cannot store NUL in text and refuses it even in a query parameter, so a value
holding one would fail deep in a save, or in a validator that looks the value up. No one
types NUL; it comes from crafted requests or a paste from a binary file. The form refuses
it first, beside the field, keeping the rest of the text.
"""

from collections.abc import Iterator

from flask_babel import gettext as _
from flask_wtf import FlaskForm
from wtforms import Field, FormField


class TextForm(FlaskForm):
    def validate(self, extra_validators=None) -> bool:
        with_nul = [field for field in _fields_of(self) if _has_nul(field)]
        if not with_nul:
            return super().validate(extra_validators)
        for field in with_nul:
            field.errors = [
                _("This text contains a NUL character, which cannot be stored. Remove it.")
            ]
        return False


def _fields_of(form) -> Iterator[Field]:
    for field in form:
        if isinstance(field, FormField):
            yield from _fields_of(field.form)
        else:
            yield field


def _has_nul(field: Field) -> bool:
    return any(isinstance(value, str) and "\x00" in value for value in field.raw_data or ())
