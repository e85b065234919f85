"""Finding bodies, meetings and minutes: what the public may see, and what forms offer."""

from datetime import date

from sqlalchemy import func, select

from app.editing.models import Status
from app.export.state import depends_on
from app.extensions import db
from app.meetings.models import GovernanceBody, Meeting, Minutes, MinutesStage
from app.transparency.export import record_ids

# ---- for the edit forms -------------------------------------------------------------


def body_slug_taken(slug: str, except_id: int | None = None) -> bool:
    query = select(GovernanceBody.id).where(GovernanceBody.slug == slug)
    if except_id is not None:
        query = query.where(GovernanceBody.id != except_id)
    return db.session.scalar(query) is not None


def meeting_slug_taken(day: date, slug: str, except_id: int | None = None) -> bool:
    query = select(Meeting.id).where(Meeting.meeting_date == day, Meeting.slug == slug)
    if except_id is not None:
        query = query.where(Meeting.id != except_id)
    return db.session.scalar(query) is not None


def minutes_exist_for(meeting_id: int, except_id: int | None = None) -> bool:
    query = select(Minutes.id).where(Minutes.meeting_id == meeting_id)
    if except_id is not None:
        query = query.where(Minutes.id != except_id)
    return db.session.scalar(query) is not None


def bodies_for_choice() -> list[GovernanceBody]:
    return list(
        db.session.scalars(
            select(GovernanceBody)
            .where(GovernanceBody.status != Status.TRASHED)
            .order_by(GovernanceBody.name)
        )
    )


def meetings_for_choice() -> list[Meeting]:
    return list(
        db.session.scalars(
            select(Meeting)
            .where(Meeting.status != Status.TRASHED)
            .order_by(Meeting.meeting_date.desc(), Meeting.id.desc())
        )
    )


# ---- for the public ------------------------------------------------------------------
# Each function notes what it read for the page being exported (see app.export.state):
# a list depends on the whole kind, one record on itself.


def published_bodies() -> list[GovernanceBody]:
    depends_on(GovernanceBody.record_type)
    return list(
        db.session.scalars(
            select(GovernanceBody)
            .where(GovernanceBody.status == Status.PUBLISHED)
            .order_by(GovernanceBody.name)
        )
    )


def published_body(slug: str) -> GovernanceBody | None:
    body = db.session.scalar(
        select(GovernanceBody).where(
            GovernanceBody.slug == slug, GovernanceBody.status == Status.PUBLISHED
        )
    )
    if body is not None:
        depends_on(GovernanceBody.record_type, body.id)
    return body


def body_shown_with(meeting: Meeting) -> GovernanceBody | None:
    """The meeting's body, if published; the page depends on it either way."""
    if meeting.body_id is None:
        return None
    depends_on(GovernanceBody.record_type, meeting.body_id)
    return meeting.body if meeting.body.is_published else None


def published_meetings(body: GovernanceBody | None = None) -> list[Meeting]:
    """Published meetings, latest first."""
    query = select(Meeting).where(Meeting.status == Status.PUBLISHED)
    if body is None:
        depends_on(Meeting.record_type)
    else:
        query = query.where(Meeting.body_id == body.id)
        depends_on(Meeting.record_type, of=(GovernanceBody.record_type, body.id))
    meetings = list(
        db.session.scalars(
            query.order_by(Meeting.meeting_date.desc(), Meeting.start_time.desc(), Meeting.id)
        )
    )
    if body is not None:
        for meeting in meetings:  # one moved to another body leaves this page
            depends_on(Meeting.record_type, meeting.id)
    return meetings


def split_upcoming(meetings: list[Meeting], today: date) -> tuple[list[Meeting], list[Meeting]]:
    """(upcoming, soonest first; past, latest first) of a list given latest first."""
    upcoming = [meeting for meeting in meetings if meeting.meeting_date >= today]
    past = [meeting for meeting in meetings if meeting.meeting_date < today]
    return list(reversed(upcoming)), past


def published_meeting(key: str) -> Meeting | None:
    """The published meeting at /meetings/<yyyy-mm-dd>-<slug>/, if the key names one."""
    day_text, _sep, slug = key[:10], key[10:11], key[11:]
    try:
        day = date.fromisoformat(day_text)
    except ValueError:
        return None
    if _sep != "-" or not slug:
        return None
    meeting = db.session.scalar(
        select(Meeting).where(
            Meeting.meeting_date == day, Meeting.slug == slug, Meeting.status == Status.PUBLISHED
        )
    )
    if meeting is not None:
        depends_on(Meeting.record_type, meeting.id)
    return meeting


def public_minutes_query():
    """Minutes the public may read: approved and published (never a draft, never circulated)."""
    return select(Minutes).where(
        Minutes.status == Status.PUBLISHED, Minutes.stage == MinutesStage.APPROVED
    )


def public_minutes_of(meeting: Meeting) -> Minutes | None:
    depends_on(Minutes.record_type, of=(Meeting.record_type, meeting.id))
    minutes = db.session.scalar(public_minutes_query().where(Minutes.meeting_id == meeting.id))
    if minutes is not None:
        depends_on(Minutes.record_type, minutes.id)
    return minutes


def public_minutes_by_meeting(meetings: list[Meeting]) -> dict[int, Minutes]:
    depends_on(Minutes.record_type)
    if not meetings:
        return {}
    found = db.session.scalars(
        public_minutes_query().where(Minutes.meeting_id.in_([m.id for m in meetings]))
    )
    return {minutes.meeting_id: minutes for minutes in found}


def latest_public_minutes(limit: int = 3) -> list[Minutes]:
    """The most recently published or amended minutes of published meetings."""
    depends_on(Minutes.record_type)
    depends_on(Meeting.record_type)
    return list(
        db.session.scalars(
            public_minutes_query()
            .join(Minutes.meeting)
            .where(Meeting.status == Status.PUBLISHED)
            .order_by(Minutes.last_published_at.desc())
            .limit(limit)
        )
    )


# ---- for the static export ------------------------------------------------------------


def published_body_count() -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(GovernanceBody)
        .where(GovernanceBody.status == Status.PUBLISHED)
    )


def published_meeting_count() -> int:
    return db.session.scalar(
        select(func.count()).select_from(Meeting).where(Meeting.status == Status.PUBLISHED)
    )


def public_minutes_version_count() -> int:
    """Versions of the public minutes of published meetings: each has its text file."""
    minutes = db.session.scalars(
        public_minutes_query().join(Minutes.meeting).where(Meeting.status == Status.PUBLISHED)
    ).unique()
    return sum(len(record.versions) for record in minutes)


def meetings_of_minutes(ids: list[str]) -> list[tuple[str, int]]:
    """The meeting of each of these minutes: its page shows them."""
    found = db.session.scalars(select(Minutes.meeting_id).where(Minutes.id.in_(record_ids(ids))))
    return [(Meeting.record_type, meeting_id) for meeting_id in set(found)]


def bodies_of_meetings(ids: list[str]) -> list[tuple[str, int]]:
    """The body of each of these meetings: its page lists them."""
    found = db.session.scalars(
        select(Meeting.body_id).where(Meeting.id.in_(record_ids(ids)), Meeting.body_id.is_not(None))
    )
    return [(GovernanceBody.record_type, body_id) for body_id in set(found)]
