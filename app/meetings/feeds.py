"""Meetings and approved minutes in the Atom feeds.

Draft and circulated minutes never appear: minutes enter a feed only once approved and
published, and then with their fixed text's hash and latest amendment. Titles are as the
request's language shows them: the default language's in the feeds themselves, a
subscriber's own in their digest.
"""

from flask import url_for
from flask_babel import gettext as _

from app.export.state import depends_on
from app.feeds.entries import PER_SOURCE, Entry, feed_entry, latest_published
from app.meetings.models import GovernanceBody, Meeting
from app.meetings.services import latest_public_minutes
from app.translating.services import localise
from app.transparency.dates import long_date
from app.transparency.history import public_changes_of


def meeting_entries() -> list[Entry]:
    depends_on(GovernanceBody.record_type)  # entries name the meeting's body
    meetings = latest_published(Meeting)
    minutes = latest_public_minutes(PER_SOURCE)
    changes = public_changes_of(meetings)
    entries = []
    for meeting in map(localise, meetings):
        body = meeting.body.name + ". " if meeting.body and meeting.body.is_published else ""
        when = long_date(meeting.meeting_date)
        if meeting.start_time:
            when += f", {meeting.start_time} ({meeting.timezone})"
        where = f" {meeting.place}." if meeting.place else ""
        entries.append(
            feed_entry(
                meeting,
                "meeting",
                f"{meeting.title}, {long_date(meeting.meeting_date)}",
                url_for("meetings.meeting", key=meeting.key),
                f"{body}{when}.{where} {meeting.summary}",
                changes,
            )  # fmt: skip
        )
    for record in minutes:
        versions = record.versions
        summary = _("Approved on %(date)s.", date=long_date(record.approved_on))
        if len(versions) > 1:
            summary += " " + _(
                "Amended on %(date)s: %(note)s", date=long_date(versions[-1].dated),
                note=versions[-1].note,
            )  # fmt: skip
        summary += f" SHA-256 {record.fixed_sha256}"
        entries.append(
            feed_entry(
                record,
                "minutes",
                _(
                    "Minutes: %(title)s, %(date)s",
                    title=localise(record.meeting).title,
                    date=long_date(record.meeting.meeting_date),
                ),
                url_for("meetings.meeting", key=record.meeting.key, _anchor="minutes"),
                summary,
                {},
            )  # fmt: skip
        )
    return entries
