"""Feeds and open data: Atom feeds, the iCalendar of upcoming meetings, CSV and JSON.

/feed.xml carries everything published; /meetings/feed.xml, /decisions/feed.xml,
/reports/feed.xml and /funding/feed.xml one part each. /meetings/upcoming.ics is a
calendar to subscribe to. /data/<dataset>.csv and .json are the open-data downloads.
"""

from flask import Blueprint

bp = Blueprint("feeds", __name__)

from app.feeds import views  # noqa: E402, F401
