"""The meetings' step of a new coalition's first hour: its first meeting on record."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.editing.models import Status
from app.features import FirstStep, StepLink
from app.meetings.models import GovernanceBody, Meeting


def has_meeting():
    return select(Meeting.id).where(Meeting.status != Status.TRASHED).exists()


MEETING_STEP = FirstStep(
    "meeting",
    _l("Record the first meeting"),
    has_meeting,
    # A meeting belongs to a body (a steering committee, a working group): the form asks
    # to choose one, so a new coalition adds that first.
    links=(
        StepLink(
            "editing.new",
            _l("Add the body that meets"),
            (("record_type", GovernanceBody.record_type),),
        ),
        StepLink("editing.new", _l("Record a meeting"), (("record_type", Meeting.record_type),)),
    ),  # fmt: skip
    position=40,
)
