"""schema.org descriptions of meetings, for search engines and calendars.

Templates write them with ``|tojson``, which escapes ``<``, ``>``, ``&`` and ``'``, so no
text from a record can close the script element it sits in.
"""

from urllib.parse import urljoin

from flask import url_for

from app.meetings.models import Meeting
from app.site.services import site_settings
from app.transparency.partners import partner


def _organisation(slug: str) -> dict:
    found = partner(slug)
    data = {"@type": "Organization", "name": found.name}
    if found.url:
        data["url"] = urljoin(url_for("home.index", _external=True), found.url)
    return data


def meeting_event(meeting: Meeting) -> dict:
    """An Event: what, when (with its UTC offset), where or online, who took part."""
    data: dict = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": meeting.title,
        "url": url_for("meetings.meeting", key=meeting.key, _external=True),
        "startDate": (meeting.starts_at or meeting.meeting_date).isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "organizer": {
            "@type": "Organization",
            "name": site_settings()["name"],
            "url": url_for("home.index", _external=True),
        },
    }
    if meeting.ends_at:
        data["endDate"] = meeting.ends_at.isoformat()
    if meeting.summary:
        data["description"] = meeting.summary
    locations = []
    if meeting.place:
        locations.append({"@type": "Place", "name": meeting.place, "address": meeting.place})
    if meeting.online_url:
        locations.append({"@type": "VirtualLocation", "url": meeting.online_url})
    if locations:
        data["location"] = locations if len(locations) > 1 else locations[0]
    mode = (
        "Mixed" if meeting.place and meeting.online_url else "Online" if meeting.online_url
        else "Offline"
    )  # fmt: skip
    data["eventAttendanceMode"] = f"https://schema.org/{mode}EventAttendanceMode"
    if meeting.attendance:
        data["attendee"] = [_organisation(slug) for slug in meeting.attendance]
    return data
