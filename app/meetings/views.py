from itertools import groupby

from flask import Response, abort, render_template

from app.export.state import depends_on
from app.meetings import bp, jsonld, services
from app.translating.services import localise, localise_all
from app.transparency.dates import local_today
from app.transparency.export import absolute_addresses_known
from app.transparency.history import public_changes, public_changes_of
from app.uploads.services import attachments_of


@bp.route("/meetings/")
def index():
    meetings = services.published_meetings()
    # In another language, each meeting's title as its published translation has it.
    upcoming, past = services.split_upcoming(localise_all(meetings), local_today())
    return render_template(
        "meetings/index.html",
        upcoming=upcoming,
        past_by_year=[(year, list(group)) for year, group in groupby(
            past, key=lambda meeting: meeting.meeting_date.year)],
        minutes=services.public_minutes_by_meeting(meetings),
        bodies=localise_all(services.published_bodies()),
    )  # fmt: skip


@bp.route("/meetings/bodies/<slug>/")
def body(slug: str):
    record = services.published_body(slug)
    if record is None:
        abort(404)
    meetings = services.published_meetings(record)
    upcoming, past = services.split_upcoming(localise_all(meetings), local_today())
    return render_template(
        "meetings/body.html",
        body=localise(record),
        upcoming=upcoming,
        past=past,
        minutes=services.public_minutes_by_meeting(meetings),
        changes=public_changes(record),
    )


@bp.route("/meetings/<key>/")
def meeting(key: str):
    from app.decisions.services import published_actions_of, published_decisions_of

    record = services.published_meeting(key)
    if record is None:
        abort(404)
    minutes = services.public_minutes_of(record)
    for version in minutes.versions if minutes else []:
        if version.meeting is not None:  # shown with the date of the meeting that approved it
            depends_on(version.meeting.record_type, version.meeting.id)
    decisions = published_decisions_of(record)
    changes = public_changes_of([record, *([minutes] if minutes else []), *decisions])
    return render_template(
        "meetings/meeting.html",
        meeting=localise(record),
        body=localise(services.body_shown_with(record)),
        minutes=minutes,
        decisions=localise_all(decisions),
        actions_by_decision={
            decision_id: localise_all(actions)
            for decision_id, actions in published_actions_of(decisions).items()
        },
        today=local_today(),
        changes=changes,
        attachments=attachments_of(record),
        minutes_attachments=attachments_of(minutes) if minutes else [],
        structured_data=jsonld.meeting_event(record) if absolute_addresses_known() else None,
    )


@bp.route("/meetings/<key>/minutes-v<int:version>.md")
def minutes_text(key: str, version: int):
    """One version of published minutes as plain text, to check against its SHA-256."""
    record = services.published_meeting(key)
    minutes = services.public_minutes_of(record) if record else None
    versions = minutes.versions if minutes else []
    if not 1 <= version <= len(versions):
        abort(404)
    # content_type, not mimetype: werkzeug appends a charset to a text/* mimetype, which
    # would name it twice.
    response = Response(
        versions[version - 1].text.encode("utf-8"), content_type="text/markdown; charset=utf-8"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Disposition"] = (
        f'inline; filename="minutes-{record.key}-v{version}.md"'
    )
    return response
