"""Form fields that several features' edit forms share."""

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectMultipleField, StringField, widgets
from wtforms.validators import Length, Regexp, StopValidation

from app.addresses import ADDRESS, LONGEST, address_from, first_free, without_prefix
from app.sdgs import sdg_choices

# The one message for a date that cannot be read, whichever form it is in.
NOT_A_DATE = _l("Enter a real date, e.g. 2026-12-04.")


class DateOrTextInput(widgets.DateInput):
    """A date input that turns into a text input to show typed text it refused: a browser
    shows a date input's value only when it is a valid date, so the coordinator would
    find the field empty and the mistake gone."""

    def __call__(self, field, **kwargs):
        typed = " ".join(field.raw_data or []).strip()
        if typed and field.data is None:
            kwargs["type"] = "text"
        return super().__call__(field, **kwargs)


class IsoDateField(DateField):
    """A date that may also arrive as the ISO string a revision snapshot holds.

    The editing mechanism fills a form from a snapshot, whose dates are JSON strings; a
    string that is not a date leaves the field empty. Typed text that is not a date is
    refused with ``NOT_A_DATE`` and shown again as typed.
    """

    widget = DateOrTextInput()

    def process_data(self, value):
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value)
            except ValueError:
                value = None
        super().process_data(value)

    def process_formdata(self, valuelist):
        self.unreadable = False
        if not " ".join(valuelist or []).strip():
            # Empty: the field's Optional or DataRequired says what that means.
            self.data = None
            return
        try:
            super().process_formdata([" ".join(valuelist).strip()])
        except ValueError:
            # Said in pre_validate, which stops the chain: DataRequired would put "This
            # field is required." in its place.
            self.unreadable = True

    def pre_validate(self, form):
        if getattr(self, "unreadable", False):
            raise StopValidation(NOT_A_DATE)


ADDRESS_HINT = _l(
    "Leave it empty to make it from the title; lowercase letters, digits and hyphens."
)


class AddressField(StringField):
    """A record's address: typed, or made from another field of the form when left empty.

    The form says which addresses are taken with ``address_taken(address) -> bool`` and may
    name a part its URL already has with ``address_prefix() -> str`` (a meeting's date, so
    "2026-12-04-steering-committee" is not filed under that date twice), and what else the
    full address still waits for with ``address_waits_for() -> str``. A typed address is
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


class SdgField(SelectMultipleField):
    """The 17 goals as checkboxes, in the grid every form shows them in (.checkbox-list)."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {"class": "checkbox-list"})
        super().__init__(label, validators, coerce=int, choices=sdg_choices, **kwargs)

    def process_data(self, value):
        self.data = [int(goal) for goal in value or []]

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        self.data = sorted(set(self.data or []))
