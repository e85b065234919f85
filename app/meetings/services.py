"""Finding bodies, meetings and minutes: what the public may see, and what forms offer."""

from datetime import date

from sqlalchemy import select

from app.editing.models import Status
from app.extensions import db
from app.meetings.models import GovernanceBody, Meeting, Minutes, MinutesStage

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


def published_bodies() -> list[GovernanceBody]:
    return list(
        db.session.scalars(
            select(GovernanceBody)
            .where(GovernanceBody.status == Status.PUBLISHED)
            .order_by(GovernanceBody.name)
        )
    )


def published_body(slug: str) -> GovernanceBody | None:
    return db.session.scalar(
        select(GovernanceBody).where(
            GovernanceBody.slug == slug, GovernanceBody.status == Status.PUBLISHED
        )
    )


def published_meetings(body: GovernanceBody | None = None) -> list[Meeting]:
    """Published meetings, latest first."""
    query = select(Meeting).where(Meeting.status == Status.PUBLISHED)
    if body is not None:
        query = query.where(Meeting.body_id == body.id)
    return list(
        db.session.scalars(
            query.order_by(Meeting.meeting_date.desc(), Meeting.start_time.desc(), Meeting.id)
        )
    )


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
    return db.session.scalar(
        select(Meeting).where(
            Meeting.meeting_date == day, Meeting.slug == slug, Meeting.status == Status.PUBLISHED
        )
    )


def public_minutes_query():
    """Minutes the public may read: approved and published (never a draft, never circulated)."""
    return select(Minutes).where(
        Minutes.status == Status.PUBLISHED, Minutes.stage == MinutesStage.APPROVED
    )


def public_minutes_of(meeting: Meeting) -> Minutes | None:
    return db.session.scalar(public_minutes_query().where(Minutes.meeting_id == meeting.id))


def public_minutes_by_meeting(meetings: list[Meeting]) -> dict[int, Minutes]:
    if not meetings:
        return {}
    found = db.session.scalars(
        public_minutes_query().where(Minutes.meeting_id.in_([m.id for m in meetings]))
    )
    return {minutes.meeting_id: minutes for minutes in found}


def latest_public_minutes(limit: int = 3) -> list[Minutes]:
    """The most recently published or amended minutes of published meetings."""
    return list(
        db.session.scalars(
            public_minutes_query()
            .join(Minutes.meeting)
            .where(Meeting.status == Status.PUBLISHED)
            .order_by(Minutes.last_published_at.desc())
            .limit(limit)
        )
    )
