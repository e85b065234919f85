"""Governance bodies and meetings in site search and the A–Z index."""

from collections.abc import Iterable

from flask import url_for
from sqlalchemy import or_, select

from app.editing.models import Status
from app.extensions import db
from app.meetings.models import GovernanceBody, Meeting, Minutes
from app.meetings.services import public_minutes_query
from app.search.sources import Entry, containing, published_containing, records, results_depend_on
from app.search.text import plain_text


def body_entries(terms: list[str] | None, text: str) -> Iterable[Entry]:
    results_depend_on(terms, GovernanceBody.record_type)
    bodies = published_containing(
        GovernanceBody, terms, GovernanceBody.name, GovernanceBody.terms_of_reference
    )
    for body in bodies:
        yield Entry(
            "body",
            body.name,
            url_for("meetings.body", slug=body.slug),
            plain_text(body.terms_of_reference),
        )


def meeting_entries(terms: list[str] | None, text: str) -> Iterable[Entry]:
    """Published meetings, found by their own text or by their approved, published minutes."""
    results_depend_on(terms, Meeting.record_type, Minutes.record_type)
    public_minutes = public_minutes_query().subquery()
    in_minutes = select(public_minutes.c.meeting_id).where(
        containing(terms, public_minutes.c.fixed_text)
    )
    own = containing(terms, Meeting.title, Meeting.summary, Meeting.place, Meeting.agenda)
    meetings = records(
        select(Meeting)
        .where(Meeting.status == Status.PUBLISHED, or_(own, Meeting.id.in_(in_minutes)))
        .order_by(Meeting.meeting_date.desc()),
        terms,
    )
    minutes = {}
    if meetings and terms is not None:
        found = db.session.scalars(
            public_minutes_query().where(Minutes.meeting_id.in_([m.id for m in meetings]))
        )
        minutes = {record.meeting_id: record.fixed_text for record in found}
    for meeting in meetings:
        agenda = " ".join(str(item) for item in meeting.agenda or [])
        yield Entry(
            "meeting",
            meeting.label,
            url_for("meetings.meeting", key=meeting.key),
            plain_text(meeting.summary, meeting.place, agenda, minutes.get(meeting.id)),
        )
