from datetime import UTC, datetime

from flask import Response, render_template, url_for

from app.features import FeedSource, feed_sources
from app.feeds import bp, ical
from app.feeds.entries import absolute, feed_entries
from app.meetings import services as meetings
from app.site.services import site_settings
from app.transparency.dates import local_today

# Nothing in a feed changes faster than an editor publishes; readers poll often.
MAX_AGE = 600


def rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def feed_source(kind: str | None) -> FeedSource | None:
    """The feature's feed of ``kind``; None for /feed.xml, which carries them all."""
    return next((source for source in feed_sources() if source.kind == kind), None)


def atom(kind: str | None):
    source = feed_source(kind)
    entries = feed_entries(kind)
    updated = max((entry.updated for entry in entries), default=datetime(2000, 1, 1, tzinfo=UTC))
    body = render_template(
        "feeds/atom.xml",
        kind=kind,
        entries=entries,
        updated=updated,
        rfc3339=rfc3339,
        feed_url=absolute(url_for("feeds.atom", kind=kind)),
        page_url=absolute(url_for(source.page if source else "home.index")),
        feed_title=source.title if source else None,
    )
    response = Response(body, mimetype="application/atom+xml")
    response.cache_control.max_age = MAX_AGE
    return response


bp.add_url_rule("/feed.xml", view_func=atom, defaults={"kind": None})


def add_feed_rules(app, feature) -> None:
    """One static rule per feature's feed: a converter here would lose to /meetings/<key>/
    and the like."""
    for source in feature.feeds:
        app.add_url_rule(
            f"/{source.kind}/feed.xml", "feeds.atom", view_func=atom, defaults={"kind": source.kind}
        )


@bp.route("/meetings/upcoming.ics")
def calendar():
    upcoming, _past = meetings.split_upcoming(meetings.published_meetings(), local_today())
    events = [
        (meeting, absolute(url_for("meetings.meeting", key=meeting.key))) for meeting in upcoming
    ]
    name = f"{site_settings()['name']}: meetings"
    response = Response(ical.calendar(events, name), mimetype="text/calendar")
    response.cache_control.max_age = MAX_AGE
    return response
