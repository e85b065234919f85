"""Feeds and open data: Atom feeds, the iCalendar of upcoming meetings, CSV and JSON.

/feed.xml carries everything published; /meetings/feed.xml, /decisions/feed.xml,
/reports/feed.xml and /funding/feed.xml one part each. /meetings/upcoming.ics is a
calendar to subscribe to. The record's tables are offered on /data/ (app/opendata).
"""

from flask import Blueprint, Flask

bp = Blueprint("feeds", __name__)


def feed_urls():
    """Every feed and the calendar: files in the export."""
    from app.features import feed_sources

    yield "feeds.atom", {"kind": None}
    for source in feed_sources():
        yield "feeds.atom", {"kind": source.kind}
    yield "feeds.calendar", {}


def init_app(app: Flask) -> None:
    from app.features import Feature, PublicUrls, each_feature, register_feature
    from app.feeds import views  # noqa: F401
    from app.feeds.views import add_feed_rules

    endpoints = ("feeds.atom", "feeds.calendar")
    register_feature(
        app, Feature("feeds", bp, public_urls=(PublicUrls(feed_urls, endpoints=endpoints),))
    )
    each_feature(app, add_feed_rules)
