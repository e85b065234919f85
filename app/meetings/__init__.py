"""Meetings: governance bodies, their meetings, and minutes with an approval lifecycle.

Public pages at /meetings/; the minutes' approval steps at /manage/minutes-approval/.
"""

from flask import Blueprint, Flask

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


def init_app(app: Flask) -> None:
    from flask_babel import lazy_gettext as _l

    from app.export.registry import CountCheck
    from app.features import (
        Feature,
        FeedSource,
        HomePanel,
        Link,
        PublicUrls,
        SearchSource,
        register_feature,
    )  # fmt: skip
    from app.meetings import (
        manage,
        services,
        views,  # noqa: F401
    )
    from app.meetings.feeds import meeting_entries as meeting_feed
    from app.meetings.first_step import MEETING_STEP
    from app.meetings.kinds import BODY_KIND, MEETING_KIND, MINUTES_KIND
    from app.meetings.models import Meeting, Minutes
    from app.meetings.opendata import MEETING_FIELDS, meeting_rows
    from app.meetings.search import body_entries, meeting_entries
    from app.opendata.tables import table_dataset

    endpoints = ("meetings.index", "meetings.body", "meetings.meeting", "meetings.minutes_text")
    register_feature(
        app,
        Feature(
            "meetings",
            bp,
            manage_blueprint=manage.bp,
            kinds=(BODY_KIND, MEETING_KIND, MINUTES_KIND),
            public_urls=(PublicUrls(meeting_urls, endpoints=endpoints),),
            count_checks=(
                CountCheck("published bodies", "meetings.body", services.published_body_count),
                CountCheck(
                    "published meetings", "meetings.meeting", services.published_meeting_count
                ),
                CountCheck(
                    "versions of published minutes",
                    "meetings.minutes_text",
                    services.public_minutes_version_count,
                ),
            ),
            # A meeting's page shows its minutes, and a body's page its meetings.
            parents=(
                (Minutes.record_type, services.meetings_of_minutes),
                (Meeting.record_type, services.bodies_of_meetings),
            ),
            search=(
                SearchSource(
                    "body", _l("Governance body"), body_entries, shown_as="governance-body"
                ),
                SearchSource("meeting", _l("Meeting"), meeting_entries, shown_as="meeting"),
            ),  # fmt: skip
            feeds=(
                FeedSource("meetings", meeting_feed, "meetings.index", _l("meetings and minutes")),
            ),
            datasets=(
                table_dataset(
                    "meetings",
                    _l("Meetings"),
                    MEETING_FIELDS,
                    meeting_rows,
                    ("meeting", "minutes", "governance-body"),
                ),
            ),  # fmt: skip
            navigation=Link("meetings.index", _l("Meetings")),
            manage_links=(
                Link("meetings.manage.minutes_approval", _l("Minutes approval"), group="record"),
            ),
            home_panels=(HomePanel(services.latest_public_minutes, "meetings/_home_item.html"),),
            public_actions=frozenset({"approve", "amend"}),
            first_steps=(MEETING_STEP,),
        ),
    )
