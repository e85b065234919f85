"""An iCalendar (RFC 5545) feed of upcoming meetings, written by hand.

Lines end in CRLF and are folded at 75 octets without splitting a UTF-8 character; text
values escape backslash, semicolon, comma and newline (section 3.3.11). Times are given
in UTC, converted from the meeting's own time zone, so no VTIMEZONE block is needed.
"""

import re
from datetime import UTC, date, datetime, timedelta
from uuid import NAMESPACE_URL, uuid5

from app.feeds.text import xml_safe
from app.meetings.models import Meeting

MAX_OCTETS = 75
_ESCAPE_OR_CHAR = re.compile(r"\\.|.", re.DOTALL)


def escape_text(value: str) -> str:
    return (
        xml_safe(value or "")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Split a content line into 75-octet pieces, continued with CRLF and a space.

    An escape such as "\\n" stays on one line, which some readers need.
    """
    pieces, current, size = [], "", 0
    for char in _ESCAPE_OR_CHAR.findall(line):
        width = len(char.encode("utf-8"))
        # Continuation lines start with a space, which counts towards their 75 octets.
        limit = MAX_OCTETS if not pieces else MAX_OCTETS - 1
        if size + width > limit:
            pieces.append(current)
            current, size = "", 0
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def utc_stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _date_value(day: date) -> str:
    return day.strftime("%Y%m%d")


def event_uid(meeting: Meeting) -> str:
    """The event's lasting name: the same wherever the site is served from, so a calendar
    that subscribed keeps one event when the coalition moves to another address. The
    meeting's creation time, to the microsecond, sets it apart from another site's."""
    return str(uuid5(NAMESPACE_URL, f"roundtable:meeting:{meeting.id}:{meeting.created_at}"))


def event_lines(meeting: Meeting, url: str) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event_uid(meeting)}",
        f"DTSTAMP:{utc_stamp(meeting.last_published_at or meeting.updated_at)}",
    ]
    if meeting.starts_at:
        lines.append(f"DTSTART:{utc_stamp(meeting.starts_at)}")
        if meeting.ends_at:
            lines.append(f"DTEND:{utc_stamp(meeting.ends_at)}")
    else:
        lines.append(f"DTSTART;VALUE=DATE:{_date_value(meeting.meeting_date)}")
        lines.append(f"DTEND;VALUE=DATE:{_date_value(meeting.meeting_date + timedelta(days=1))}")
    lines.append(f"SUMMARY:{escape_text(meeting.title)}")
    if meeting.place or meeting.online_url:
        lines.append(f"LOCATION:{escape_text(meeting.place or meeting.online_url)}")
    description = [meeting.summary] if meeting.summary else []
    if meeting.agenda:
        description.append("\n".join(f"{n}. {item}" for n, item in enumerate(meeting.agenda, 1)))
    if meeting.online_url:
        description.append(meeting.online_url)
    description.append(url)
    lines.append(f"DESCRIPTION:{escape_text(chr(10).join(description))}")
    lines.append(f"URL:{url}")
    if meeting.last_published_at:
        lines.append(f"LAST-MODIFIED:{utc_stamp(meeting.last_published_at)}")
    lines.append("END:VEVENT")
    return lines


def calendar(events: list[tuple[Meeting, str]], name: str) -> str:
    """A VCALENDAR of ``(meeting, absolute URL)`` pairs, CRLF line endings throughout."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Roundtable//Meetings//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for meeting, url in events:
        lines += event_lines(meeting, url)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
