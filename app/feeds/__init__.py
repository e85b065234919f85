"""Feeds and open data: Atom feeds, the iCalendar of upcoming meetings, CSV and JSON.

/feed.xml carries everything published; /meetings/feed.xml, /decisions/feed.xml,
/reports/feed.xml and /funding/feed.xml one part each. /meetings/upcoming.ics is a
calendar to subscribe to. The record's tables are offered on /data/ (app/opendata).
"""

from flask import Blueprint

from app.export import register_public_urls

bp = Blueprint("feeds", __name__)


def feed_urls():
    """Every feed and the calendar: files in the export."""
    from app.feeds.entries import KINDS

    yield "feeds.atom", {"kind": None}
    for kind in KINDS:
        yield "feeds.atom", {"kind": kind}
    yield "feeds.calendar", {}


bp.record_once(
    lambda state: register_public_urls(
        state.app, feed_urls, endpoints=["feeds.atom", "feeds.calendar"]
    )
)

from app.feeds import views  # noqa: E402, F401
