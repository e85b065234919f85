"""Form fields that several features' edit forms share."""

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import DateField, StringField
from wtforms.validators import Length, Regexp, StopValidation

from app.addresses import ADDRESS, LONGEST, address_from, first_free, without_prefix


class IsoDateField(DateField):
    """A date that may also arrive as the ISO string a revision snapshot holds.

    The editing mechanism fills a form from a snapshot, whose dates are JSON strings; a
    string that is not a date leaves the field empty.
    """

    def process_data(self, value):
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value)
            except ValueError:
                value = None
        super().process_data(value)


ADDRESS_HINT = _l(
    "Leave it empty to make it from the title; lowercase letters, digits and hyphens."
)


class AddressField(StringField):
    """A record's address: typed, or made from another field of the form when left empty.

    The form says which addresses are taken with ``address_taken(address) -> bool`` and may
    name a part its URL already has with ``address_prefix() -> str`` (a meeting's date, so
    "2026-12-04-steering-committee" is not filed under that date twice). A typed address is
    only trimmed and lower-cased; one made from the title takes the first free "-2", "-3".
    """

    def __init__(self, label, source="title", description=None, **kwargs):
        super().__init__(
            label,
            description=description,
            validators=[
                Length(max=LONGEST),
                Regexp(
                    ADDRESS,
                    message=_l(
                        "Use lowercase letters, digits and single hyphens, or leave it empty"
                        " to make it from the title."
                    ),
                ),
            ],
            **kwargs,
        )
        self.source = source

    def pre_validate(self, form):
        prefix = form.address_prefix() if hasattr(form, "address_prefix") else ""
        typed = (self.data or "").strip()
        if typed:
            # Refused text is shown again as typed; only an address that will be accepted
            # is tidied.
            tidy = without_prefix(typed.lower(), prefix)
            self.data = tidy if ADDRESS.match(tidy) else typed
            return
        made = without_prefix(address_from(form[self.source].data or ""), prefix)
        if not made:
            raise StopValidation(_l("Type an address, or give a title to make it from."))
        self.data = first_free(made, form.address_taken)
