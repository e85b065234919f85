from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from app.decisions import services
from app.decisions.models import ActionStatus, DecisionStatus
from app.editing.forms import EditForm
from app.formfields import IsoDateField
from app.meetings.forms import meeting_choices
from app.textforms import LIST_TEXT, TextLength, markdown_validators
from app.transparency.fields import (
    PARTNER_TEXT,
    LinksField,
    PartnerField,
    optional_int,
    select_choices,
)

DECISION_STATES = [
    (DecisionStatus.AGREED.value, _l("Agreed")),
    (DecisionStatus.IN_PROGRESS.value, _l("In progress")),
    (DecisionStatus.IMPLEMENTED.value, _l("Implemented")),
    (DecisionStatus.SUPERSEDED.value, _l("Superseded")),
]
ACTION_STATES = [
    (ActionStatus.OPEN.value, _l("Open")),
    (ActionStatus.IN_PROGRESS.value, _l("In progress")),
    (ActionStatus.DONE.value, _l("Done")),
    (ActionStatus.CANCELLED.value, _l("Cancelled")),
]
_STATE_LABELS = dict(DECISION_STATES + ACTION_STATES)


def state_label(value: str) -> str:
    """For templates: a decision's or an action's status in the page's language. Only the
    label shown is translated, not every label once per decision on the register."""
    return str(_STATE_LABELS[value])


def vote_field(label):
    return IntegerField(label, validators=[Optional(), NumberRange(min=0, max=100_000)])


class DecisionForm(EditForm):
    number = StringField(
        _l("Number"),
        description=_l("As the register numbers it, e.g. SC-2025-07."),
        validators=[DataRequired(), Length(max=40)],
    )
    title = StringField(
        _l("In short"), description=_l("One line, for lists and feeds."),
        validators=[DataRequired(), Length(max=300)],
    )  # fmt: skip
    text = TextAreaField(_l("The decision as taken"), validators=markdown_validators())
    meeting_id = SelectField(_l("Taken at the meeting of"), coerce=optional_int)
    votes_for = vote_field(_l("Votes for"))
    votes_against = vote_field(_l("Votes against"))
    votes_abstaining = vote_field(_l("Abstentions"))
    state = SelectField(_l("Where it stands"), choices=select_choices(DECISION_STATES))
    links = LinksField(
        _l("Links"),
        description=_l(
            "One per line: a label, a bar and the address, e.g. "
            "“Annual report 2025 | /reports/annual-report-2025/”."
        ),
        validators=[TextLength(LIST_TEXT)],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting_id.choices = meeting_choices(_l("Choose the meeting"))

    def validate_number(self, field):
        field.data = field.data.strip()
        if services.decision_number_taken(field.data, self.record.id if self.record else None):
            raise ValidationError(_l("Another decision already has this number."))

    def validate_meeting_id(self, field):
        if field.data is None:
            raise ValidationError(_l("Choose the meeting that took the decision."))


class ActionForm(EditForm):
    title = StringField(_l("Action"), validators=[DataRequired(), Length(max=300)])
    decision_id = SelectField(_l("Carries out decision"), coerce=optional_int)
    owner_slug = PartnerField(
        _l("Owner"),
        description=_l("The partner responsible, by name or by address in the partner directory."),
        validators=[DataRequired(), TextLength(PARTNER_TEXT)],
    )
    due_on = IsoDateField(_l("Due on"), validators=[Optional()])
    state = SelectField(_l("Status"), choices=select_choices(ACTION_STATES))
    completed_on = IsoDateField(_l("Completed on"), validators=[Optional()])
    progress_note = StringField(_l("Progress note"), validators=[Length(max=500)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.decision_id.choices = select_choices(
            [("", _l("Choose the decision"))]
            + [(decision.id, decision.label) for decision in services.decisions_for_choice()]
        )

    def validate_decision_id(self, field):
        if field.data is None:
            raise ValidationError(_l("Choose the decision this action carries out."))

    def validate_completed_on(self, field):
        if field.data and self.state.data not in (ActionStatus.DONE.value,):
            raise ValidationError(_l("Only a done action has a completion date."))
