"""How bodies, meetings and minutes appear in the editing mechanism."""

from flask import url_for
from flask_babel import lazy_gettext as _l

from app.editing.registry import EditableKind
from app.meetings.forms import BodyForm, MeetingForm, MinutesForm, lifecycle_forms
from app.meetings.models import GovernanceBody, Meeting, Minutes

BODY_KIND = EditableKind(
    record_type=GovernanceBody.record_type,
    menu_group="record",
    model=GovernanceBody,
    form=BodyForm,
    label=_l("governance body"),
    plural=_l("Governance bodies"),
    title_field="name",
    markdown_field="terms_of_reference",
    public_url=lambda record: url_for("meetings.body", slug=record.slug),
    order_by=("name",),
)

MEETING_KIND = EditableKind(
    record_type=Meeting.record_type,
    menu_group="record",
    model=Meeting,
    form=MeetingForm,
    label=_l("meeting"),
    plural=_l("Meetings"),
    title_field="label",
    markdown_field=None,
    public_url=lambda record: url_for("meetings.meeting", key=record.key),
    order_by=("meeting_date", "id"),
    staff_sections=("meetings/manage/_minutes.html",),
)

MINUTES_KIND = EditableKind(
    record_type=Minutes.record_type,
    menu_group="record",
    model=Minutes,
    form=MinutesForm,
    label=_l("minutes"),
    plural=_l("Minutes"),
    title_field="title",
    markdown_field="body",
    public_url=lambda record: url_for(
        "meetings.meeting", key=record.meeting.key, _anchor="minutes"
    ),
    order_by=("id",),
    prefill_fields=("meeting_id",),
    lifecycle_template="meetings/manage/_lifecycle.html",
    lifecycle_context=lifecycle_forms,
    text_is_open=lambda record: not record.is_approved,
)
