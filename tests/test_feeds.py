"""Feeds and open data, read the way subscribers' software reads them."""

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from uuid import UUID

import feedparser
import icalendar
import pytest

from app.feeds.ical import fold
from app.transparency.dates import local_today
from tests.transparency_helpers import (
    make_action,
    make_body,
    make_decision,
    make_funding,
    make_meeting,
    make_minutes,
    make_report,
)

FEEDS = ["/feed.xml", "/meetings/feed.xml", "/decisions/feed.xml", "/reports/feed.xml",
         "/funding/feed.xml"]  # fmt: skip


@pytest.fixture
def record(app):
    """One published record of every kind, and a draft of each beside it."""
    with app.app_context():
        today = local_today()
        body = make_body(members=["mrc-secretariat"])
        past = make_meeting(body, "2025-03-04", slug="sc", title="Steering Committee, March")
        later = make_meeting(body, today + timedelta(days=30), slug="sc",
                             title="Steering Committee; budget, plans", timezone="Asia/Bangkok",
                             place="Can Tho", agenda=["Budget", "Plans, and more"])  # fmt: skip
        make_meeting(body, today + timedelta(days=40), slug="draft", title="Secret meeting",
                     publish=False)  # fmt: skip
        make_minutes(past, "Approved words.\n", stage="published", approved_at=past)
        make_minutes(later, "Draft words.\n", stage="circulated")
        decision = make_decision(past, "SC-2025-01", "Adopt the plan")
        make_decision(past, "SC-2025-02", "Secret decision", publish=False)
        make_action(decision, "mrc-secretariat", "2025-04-01", title='=HYPERLINK("x")')
        make_report("annual-2024", "Annual report 2024")
        make_report("draft", "Secret report", publish=False)
        make_funding("asian-development-bank", "205000.00")
        make_funding("secret-donor", "1.00", publish=False)
        return {"later": later, "today": today}


@pytest.mark.parametrize("url", FEEDS)
def test_every_feed_is_valid_atom(client, record, url):
    response = client.get(url)
    assert response.mimetype == "application/atom+xml"
    feed = feedparser.parse(response.data)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.entries
    for entry in feed.entries:
        assert entry.id.startswith("http://localhost/")
        assert entry.link.startswith("http://localhost/")
        assert entry.updated_parsed and entry.published_parsed
        assert "Secret" not in entry.title and "Draft words" not in entry.summary


def test_the_main_feed_carries_every_kind(client, record):
    titles = [entry.title for entry in feedparser.parse(client.get("/feed.xml").data).entries]
    assert "Adopt the plan" in " ".join(titles)
    assert "Annual report 2024" in titles
    assert any(title.startswith("Minutes: Steering Committee, March") for title in titles)
    assert any("asian-development-bank" in title for title in titles)
    assert len(titles) == 7  # 2 meetings, 1 minutes, 1 decision, 1 action, 1 report, 1 funding


def test_pages_announce_their_feed(client, record):
    html = client.get("/meetings/").get_data(as_text=True)
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert 'href="/meetings/feed.xml"' in html
    assert 'type="application/atom+xml" title="Everything published" href="/feed.xml"' in (
        client.get("/").get_data(as_text=True)
    )


def test_the_calendar_lists_upcoming_meetings_in_utc(client, record):
    response = client.get("/meetings/upcoming.ics")
    assert response.mimetype == "text/calendar"
    raw = response.data
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))

    calendar = icalendar.Calendar.from_ical(raw)
    events = list(calendar.walk("VEVENT"))
    assert [str(event["SUMMARY"]) for event in events] == ["Steering Committee; budget, plans"]
    event = events[0]
    day = record["today"] + timedelta(days=30)
    # 09:00 in Bangkok (UTC+7) is 02:00 UTC.
    assert event["DTSTART"].dt == datetime(day.year, day.month, day.day, 2, tzinfo=UTC)
    assert event["DTEND"].dt == datetime(day.year, day.month, day.day, 4, tzinfo=UTC)
    assert str(event["LOCATION"]) == "Can Tho"
    assert "2. Plans, and more" in str(event["DESCRIPTION"])
    # The same event wherever the site is served from: no host in it, so a move to
    # another address leaves subscribed calendars with one event, not two.
    assert str(event["UID"]) == str(UUID(str(event["UID"])))
    assert str(event["URL"]).startswith("http://localhost/meetings/")


def test_long_lines_fold_between_characters():
    line = "DESCRIPTION:" + "Cần Thơ, " * 20
    folded = fold(line)
    pieces = folded.encode().split(b"\r\n")
    assert all(len(piece) <= 75 for piece in pieces)
    assert folded.replace("\r\n ", "") == line
    for piece in pieces:
        piece.decode()  # no UTF-8 character is split across lines


@pytest.mark.parametrize("name", ["meetings", "decisions", "actions", "reports", "funding"])
def test_open_data_as_csv_and_json(client, record, name):
    rows = list(csv.DictReader(io.StringIO(client.get(f"/data/{name}.csv").get_data(as_text=True))))
    data = json.loads(client.get(f"/data/{name}.json").data)
    assert data["dataset"] == name
    assert data["count"] == len(rows) == len(data["records"]) >= 1
    assert set(rows[0]) == set(data["records"][0])
    assert "Secret" not in json.dumps(data) and "secret-donor" not in json.dumps(data)


def test_open_data_keeps_exact_amounts_and_defuses_formulas(client, record):
    funding = json.loads(client.get("/data/funding.json").data)["records"]
    assert funding[0]["amount"] == "205000.00"
    actions = client.get("/data/actions.csv").get_data(as_text=True)
    assert "'=HYPERLINK" in actions
    meetings = json.loads(client.get("/data/meetings.json").data)["records"]
    minuted = [m for m in meetings if m["minutes_sha256"]]
    assert len(minuted) == 1 and minuted[0]["minutes_text_url"].endswith("minutes-v1.md")
