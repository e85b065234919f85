"""The public subscription form and the subscriber's own preferences form."""

import re

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.i18n import current_language, language_name, languages
from app.subscriptions.models import Frequency
from app.subscriptions.services import followable_kinds
from app.textforms import TextForm

EMAIL = re.compile(r"^[^@\s<>\"',;]+@[^@\s<>\"',;]+\.[^@\s<>\"',;]+$")
EVERYTHING = "everything"


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def at_least_one(form, field) -> None:
    if not field.data:
        raise ValidationError(_l("Choose at least one thing to follow."))


class ChoicesForm(TextForm):
    """What a subscriber follows, how often, in which language."""

    follows = CheckboxesField(_l("What to follow"), validators=[at_least_one])
    frequency = RadioField(
        _l("How often"),
        choices=[
            SelectChoice(Frequency.DAILY.value, _l("Daily: one mail a day when something is new")),
            SelectChoice(
                Frequency.WEEKLY.value, _l("Weekly: one mail a week when something is new")
            ),
        ],
        default=Frequency.WEEKLY.value,
    )
    language = SelectField(_l("Language of the mails"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The features' feeds, read per request: a feature added later is followable.
        self.follows.choices = [
            SelectChoice(EVERYTHING, _l("Everything")),
            *(SelectChoice(kind, label) for kind, label in followable_kinds()),
        ]
        self.language.choices = [SelectChoice(code, language_name(code)) for code in languages()]
        if not self.is_submitted():
            self.fill_defaults()

    def fill_defaults(self) -> None:
        """Everything, weekly, in the page's language: what a new form shows."""
        self.follows.data = self.follows.data or [EVERYTHING]
        self.frequency.data = self.frequency.data or Frequency.WEEKLY.value
        self.language.data = self.language.data or current_language()

    def kinds(self) -> list[str]:
        """The kinds chosen; empty for everything, kinds added later included."""
        chosen = [kind for kind in self.follows.data if kind != EVERYTHING]
        every = {kind for kind, _label in followable_kinds()}
        if EVERYTHING in self.follows.data or set(chosen) >= every:
            return []
        return chosen


class SubscribeForm(ChoicesForm):
    email = StringField(
        _l("Your email address"),
        validators=[
            DataRequired(_l("Give the address the mails should go to.")),
            Length(max=254),
            Regexp(EMAIL, message=_l("This does not look like an email address.")),
        ],
    )


def preferences_form(subscriber) -> ChoicesForm:
    """The choices form, showing the subscriber's current choices until it is sent."""
    form = ChoicesForm()
    if not form.is_submitted():
        form.follows.data = subscriber.kinds or [EVERYTHING]
        form.frequency.data = subscriber.frequency
        form.language.data = subscriber.language
    return form
