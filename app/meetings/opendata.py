"""Meetings as open data: one row per published meeting, with its minutes' state."""

from urllib.parse import urljoin

from flask import url_for

from app.meetings import services

MEETING_FIELDS = (
    "id", "date", "start_time", "end_time", "timezone", "title", "body", "body_slug",
    "place", "online_url", "summary", "agenda", "partners_present", "others_present",
    "url", "minutes_approved_on", "minutes_approved_at", "minutes_version",
    "minutes_sha256", "minutes_text_url", "published_at", "last_updated_at",
)  # fmt: skip


def meeting_rows() -> list[dict]:
    home = url_for("home.index", _external=True)
    meetings = services.published_meetings()
    minutes = services.public_minutes_by_meeting(meetings)
    rows = []
    for meeting in reversed(meetings):
        body = meeting.body if meeting.body and meeting.body.is_published else None
        row = {
            "id": meeting.id,
            "date": meeting.meeting_date,
            "start_time": meeting.start_time,
            "end_time": meeting.end_time,
            "timezone": meeting.timezone,
            "title": meeting.title,
            "body": body.name if body else "",
            "body_slug": body.slug if body else "",
            "place": meeting.place,
            "online_url": meeting.online_url,
            "summary": meeting.summary,
            "agenda": meeting.agenda,
            "partners_present": meeting.attendance,
            "others_present": meeting.others_present,
            "url": urljoin(home, url_for("meetings.meeting", key=meeting.key)),
            "published_at": meeting.published_at,
            "last_updated_at": meeting.last_published_at,
        }
        record = minutes.get(meeting.id)
        if record is not None:
            version = record.versions[-1]
            at = record.approved_at_meeting
            row.update(
                minutes_approved_on=record.approved_on,
                minutes_approved_at=at.key if at and at.is_published else "",
                minutes_version=version.number,
                minutes_sha256=record.fixed_sha256,
                minutes_text_url=urljoin(
                    home,
                    url_for("meetings.minutes_text", key=meeting.key, version=version.number),
                ),
            )
        rows.append(row)
    return rows
