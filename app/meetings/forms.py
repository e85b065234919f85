"""Edit forms for governance bodies, meetings and minutes, and the minutes' approval steps."""

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import current_app
from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import (
    URL,
    DataRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from app.editing.forms import EditForm
from app.formfields import AddressField, IsoDateField
from app.meetings import services
from app.meetings.models import BodyKind, normalise_text
from app.textforms import LIST_TEXT, TextForm, TextLength, markdown_validators
from app.transparency.dates import local_today
from app.transparency.fields import (
    LinesField,
    PartnerListField,
    TimeOfDayField,
    optional_int,
    select_choices,
)


def meeting_choices(empty_label):
    """Every meeting but those in the trash, latest first, after an empty choice."""
    return select_choices(
        [("", empty_label)]
        + [(meeting.id, meeting.label) for meeting in services.meetings_for_choice()]
    )


class MarkdownField(TextAreaField):
    """Markdown text with its line endings made "\\n", as fixed texts are hashed."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        self.data = normalise_text(self.data)


class CountField(IntegerField):
    """A number of people; empty means none."""

    def process_formdata(self, valuelist):
        if valuelist and not valuelist[0].strip():
            self.data = 0
            return
        super().process_formdata(valuelist)


class BodyForm(EditForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    slug = AddressField(
        _l("Address"),
        source="name",
        description=_l(
            "Leave it empty to make it from the name; lowercase letters, digits and hyphens."
        ),
    )
    kind = SelectField(
        _l("Kind of body"),
        choices=select_choices(
            [
                (BodyKind.STEERING_COMMITTEE.value, _l("Steering committee")),
                (BodyKind.GENERAL_ASSEMBLY.value, _l("General assembly")),
                (BodyKind.WORKING_GROUP.value, _l("Working group")),
                (BodyKind.OTHER.value, _l("Other")),
            ]
        ),
    )
    members = PartnerListField(
        _l("Members"),
        description=_l("One partner per line, by name or by address in the partner directory."),
        validators=[TextLength(LIST_TEXT)],
    )
    terms_of_reference = TextAreaField(_l("Terms of reference"), validators=markdown_validators())

    def address_taken(self, address: str) -> bool:
        return services.body_slug_taken(address, self.record.id if self.record else None)

    def validate_slug(self, field):
        if self.address_taken(field.data):
            raise ValidationError(_l("Another body already uses this address."))


class MeetingForm(EditForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    slug = AddressField(
        _l("Address"),
        description=_l("Leave it empty to make it from the title; the date comes first by itself."),
    )
    body_id = SelectField(_l("Body"), coerce=optional_int)
    meeting_date = IsoDateField(_l("Date"), validators=[DataRequired()])
    start_time = TimeOfDayField(
        _l("Starts at"), description=_l("Local time, e.g. 09:30."), validators=[TextLength(10)]
    )
    end_time = TimeOfDayField(_l("Ends at"), validators=[TextLength(10)])
    timezone = StringField(
        _l("Time zone"),
        default=lambda: current_app.config["BABEL_DEFAULT_TIMEZONE"],
        description=_l("Where the times above apply, e.g. Asia/Ho_Chi_Minh or Europe/Berlin."),
        validators=[DataRequired(), Length(max=64)],
    )
    place = StringField(_l("Place"), validators=[Length(max=300)])
    online_url = StringField(
        _l("Online link"),
        description=_l("Shown on the public page and in the calendar."),
        validators=[Optional(), Length(max=500), URL(message=_l("Give a full https:// link."))],
    )
    summary = TextAreaField(
        _l("Summary"), description=_l("One or two sentences."), validators=[Length(max=500)]
    )
    agenda = LinesField(
        _l("Agenda"), description=_l("One item per line."), validators=[TextLength(LIST_TEXT)]
    )
    attendance = PartnerListField(
        _l("Partners present"),
        description=_l("One partner per line, by name or by address in the partner directory."),
        validators=[TextLength(LIST_TEXT)],
    )
    others_present = CountField(
        _l("Others present"),
        description=_l("How many other people attended (observers, guests, staff)."),
        default=0,
        validators=[NumberRange(min=0, max=100_000)],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.body_id.choices = select_choices(
            [("", _l("Choose a body"))]
            + [(body.id, body.name) for body in services.bodies_for_choice()]
        )

    def validate_body_id(self, field):
        if field.data is None:
            raise ValidationError(_l("Choose the body that met."))

    def address_prefix(self) -> str:
        return self.meeting_date.data.isoformat() if self.meeting_date.data else ""

    def address_waits_for(self) -> str:
        # The public address begins with the date: none can be shown before it is given.
        return "" if self.meeting_date.data else _l("Give the date to see the full address.")

    def address_taken(self, address: str) -> bool:
        return bool(self.meeting_date.data) and services.meeting_slug_taken(
            self.meeting_date.data, address, self.record.id if self.record else None
        )

    def validate_slug(self, field):
        if self.address_taken(field.data):
            raise ValidationError(_l("Another meeting on this date already uses this address."))

    def validate_timezone(self, field):
        try:
            ZoneInfo(field.data.strip())
        # OSError: a name that is a folder of the time zone database ("Asia") or too long
        # for a file name reaches the file system before ZoneInfo can refuse it.
        except (ZoneInfoNotFoundError, ValueError, OSError) as error:
            raise ValidationError(
                _l("Unknown time zone: write it as Region/City, e.g. Asia/Bangkok.")
            ) from error
        field.data = field.data.strip()

    def validate_end_time(self, field):
        if field.data and not self.start_time.data:
            raise ValidationError(_l("Give the start time too."))
        if field.data and self.start_time.data and field.data <= self.start_time.data:
            raise ValidationError(_l("The meeting must end after it starts."))


class MinutesForm(EditForm):
    meeting_id = SelectField(_l("Meeting"), coerce=optional_int)
    body = MarkdownField(_l("Minutes"), validators=markdown_validators())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting_id.choices = meeting_choices(_l("Choose the meeting"))

    def validate_meeting_id(self, field):
        if field.data is None:
            raise ValidationError(_l("Choose the meeting these minutes record."))
        if services.minutes_exist_for(field.data, self.record.id if self.record else None):
            raise ValidationError(_l("That meeting already has minutes: edit those."))
        approved = self.record is not None and self.record.is_approved
        if approved and field.data != self.record.meeting_id:
            raise ValidationError(_l("Approved minutes stay with their meeting."))

    def validate_body(self, field):
        approved = self.record is not None and self.record.is_approved
        if approved and field.data != self.record.fixed_text:
            raise ValidationError(
                _l(
                    "These minutes were approved, so their text is fixed. To correct "
                    "them, record an amendment on the approval page."
                )
            )


class ApproveMinutesForm(TextForm):
    approved_at = SelectField(
        _l("Approved at the meeting of"), coerce=optional_int, validators=[DataRequired()]
    )
    approved_on = IsoDateField(_l("Approved on"), validators=[DataRequired()])

    def __init__(self, minutes, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.minutes = minutes
        self.approved_at.choices = meeting_choices(_l("Choose the meeting"))

    def validate_approved_on(self, field):
        if field.data and field.data < self.minutes.meeting.meeting_date:
            raise ValidationError(_l("Minutes are approved after the meeting they record."))


class AmendMinutesForm(TextForm):
    text = MarkdownField(
        _l("Corrected minutes"), validators=[DataRequired(), *markdown_validators()]
    )
    note = StringField(
        _l("What changed, and why"),
        description=_l("Shown publicly in the minutes' history."),
        validators=[DataRequired(), Length(max=500)],
    )
    amended_on = IsoDateField(_l("Date of the amendment"), validators=[DataRequired()])
    approved_at = SelectField(
        _l("Agreed at the meeting of (optional)"), coerce=optional_int, validators=[Optional()]
    )

    def __init__(self, minutes, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.minutes = minutes
        self.approved_at.choices = meeting_choices(_l("Not recorded"))

    def validate_text(self, field):
        if field.data == self.minutes.fixed_text:
            raise ValidationError(_l("The text is the same as now: nothing to amend."))

    def validate_amended_on(self, field):
        latest = self.minutes.versions[-1].dated if self.minutes.versions else None
        if field.data and latest and field.data < latest:
            raise ValidationError(_l("An amendment is dated on or after the version it corrects."))


def lifecycle_forms(minutes) -> dict:
    """The step forms the minutes' edit page shows, filled for today, bound to no request."""
    approve_form = ApproveMinutesForm(minutes, formdata=None)
    approve_form.approved_on.data = local_today()
    amend_form = AmendMinutesForm(minutes, formdata=None)
    amend_form.text.data = minutes.fixed_text or ""
    amend_form.amended_on.data = local_today()
    return {"approve_form": approve_form, "amend_form": amend_form}
