from datetime import UTC, datetime
from urllib.parse import urlsplit

from flask import Response, abort, render_template, url_for

from app.export import depends_on
from app.feeds import bp, ical
from app.feeds.datasets import DATASETS, as_csv, as_json
from app.feeds.entries import KINDS, absolute, feed_entries
from app.meetings import services as meetings
from app.site.services import site_settings
from app.transparency.dates import local_today

FEED_PAGES = {
    None: "home.index",
    "meetings": "meetings.index",
    "decisions": "decisions.index",
    "reports": "reports.index",
    "funding": "funding.index",
}
# Nothing in a feed changes faster than an editor publishes; readers poll often.
MAX_AGE = 600


def rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def atom(kind: str | None):
    entries = feed_entries(kind)
    updated = max((entry.updated for entry in entries), default=datetime(2000, 1, 1, tzinfo=UTC))
    body = render_template(
        "feeds/atom.xml",
        kind=kind,
        entries=entries,
        updated=updated,
        rfc3339=rfc3339,
        feed_url=absolute(url_for("feeds.atom", kind=kind)),
        page_url=absolute(url_for(FEED_PAGES[kind])),
    )
    response = Response(body, mimetype="application/atom+xml")
    response.cache_control.max_age = MAX_AGE
    return response


# One static rule per feed: a converter here would lose to /meetings/<key>/ and the like.
bp.add_url_rule("/feed.xml", view_func=atom, defaults={"kind": None})
for _kind in KINDS:
    bp.add_url_rule(f"/{_kind}/feed.xml", view_func=atom, defaults={"kind": _kind})


@bp.route("/meetings/upcoming.ics")
def calendar():
    upcoming, _past = meetings.split_upcoming(meetings.published_meetings(), local_today())
    host = urlsplit(url_for("home.index", _external=True)).hostname or "localhost"
    events = [
        (meeting, absolute(url_for("meetings.meeting", key=meeting.key))) for meeting in upcoming
    ]
    name = f"{site_settings()['name']}: meetings"
    response = Response(ical.calendar(events, name, host), mimetype="text/calendar")
    response.cache_control.max_age = MAX_AGE
    return response


@bp.route("/data/<name>.<any(csv, json):fmt>")
def dataset(name: str, fmt: str):
    found = DATASETS.get(name)
    if found is None:
        abort(404)
    for record_type in found.shows:
        depends_on(record_type)
    if fmt == "csv":
        response = Response(as_csv(found), mimetype="text/csv")
    else:
        response = Response(as_json(found), mimetype="application/json")
    response.headers["Content-Disposition"] = f'inline; filename="{name}.{fmt}"'
    response.cache_control.max_age = MAX_AGE
    return response
