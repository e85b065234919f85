"""Feeds and open data: Atom feeds, the iCalendar of upcoming meetings, CSV and JSON.

/feed.xml carries everything published; /meetings/feed.xml, /decisions/feed.xml,
/reports/feed.xml and /funding/feed.xml one part each. /meetings/upcoming.ics is a
calendar to subscribe to. /data/<dataset>.csv and .json are the open-data downloads.
"""

from flask import Blueprint

from app.export import register_public_urls

bp = Blueprint("feeds", __name__)


def feed_urls():
    """Every feed, the calendar and both forms of every dataset: files in the export."""
    from app.feeds.datasets import DATASETS
    from app.feeds.entries import KINDS

    yield "feeds.atom", {"kind": None}
    for kind in KINDS:
        yield "feeds.atom", {"kind": kind}
    yield "feeds.calendar", {}
    for name in DATASETS:
        for fmt in ("csv", "json"):
            yield "feeds.dataset", {"name": name, "fmt": fmt}


bp.record_once(
    lambda state: register_public_urls(
        state.app, feed_urls, endpoints=["feeds.atom", "feeds.calendar", "feeds.dataset"]
    )
)

from app.feeds import views  # noqa: E402, F401
