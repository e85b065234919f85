"""Meetings: governance bodies, their meetings, and minutes with an approval lifecycle.

Public pages at /meetings/; the minutes' approval steps at /manage/minutes-approval/.
"""

from flask import Blueprint

from app.export.registry import register_count_check, register_parents, register_public_urls

bp = Blueprint("meetings", __name__)


def meeting_urls():
    """The list, each published body and meeting, and every version of approved minutes."""
    from app.meetings import services

    yield "meetings.index", {}
    for body in services.published_bodies():
        yield "meetings.body", {"slug": body.slug}
    meetings = services.published_meetings()
    minutes = services.public_minutes_by_meeting(meetings)
    for meeting in meetings:
        yield "meetings.meeting", {"key": meeting.key}
        for version in minutes[meeting.id].versions if meeting.id in minutes else []:
            yield "meetings.minutes_text", {"key": meeting.key, "version": version.number}


@bp.record_once
def declare_public_urls(state) -> None:
    from app.meetings import services
    from app.meetings.models import Meeting, Minutes

    app = state.app
    register_public_urls(
        app,
        meeting_urls,
        endpoints=["meetings.index", "meetings.body", "meetings.meeting", "meetings.minutes_text"],
    )
    register_count_check(
        app, "published bodies", endpoint="meetings.body", expected=services.published_body_count
    )
    register_count_check(
        app,
        "published meetings",
        endpoint="meetings.meeting",
        expected=services.published_meeting_count,
    )
    register_count_check(
        app,
        "versions of published minutes",
        endpoint="meetings.minutes_text",
        expected=services.public_minutes_version_count,
    )
    # A meeting's page shows its minutes, and a body's page its meetings.
    register_parents(app, Minutes.record_type, services.meetings_of_minutes)
    register_parents(app, Meeting.record_type, services.bodies_of_meetings)


from app.meetings import manage, views  # noqa: E402, F401
