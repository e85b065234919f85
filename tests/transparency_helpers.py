"""Factories for transparency records, made through the editing services.

Each returns the new record's id (records do not outlive the app context they were made
in). Dates may be given as ``date`` objects or ISO strings.
"""

from datetime import date

from app.decisions.models import Action, Decision
from app.editing.services import create_record, publish_record
from app.extensions import db
from app.funding.models import FundingSource
from app.meetings.minutes import approve_minutes, circulate_minutes
from app.meetings.models import GovernanceBody, Meeting, Minutes
from app.reports.models import Report


def _iso(value):
    return value.isoformat() if isinstance(value, date) else value


def _made(model, values, publish):
    record = create_record(model, values, None)
    if publish:
        publish_record(record, None)
    return record.id


def make_body(name="Steering Committee", slug="steering-committee", members=(), publish=True,
              **values):  # fmt: skip
    values = {"name": name, "slug": slug, "kind": "steering committee",
              "members": list(members), "terms_of_reference": "", **values}  # fmt: skip
    return _made(GovernanceBody, values, publish)


def make_meeting(body_id, day, slug="meeting", title="Meeting", publish=True, **values):
    values = {
        "title": title,
        "slug": slug,
        "body_id": body_id,
        "meeting_date": _iso(day),
        "start_time": "09:00",
        "end_time": "11:00",
        "timezone": "UTC",
        "place": "",
        "online_url": "",
        "summary": "",
        "agenda": [],
        "attendance": [],
        "others_present": 0,
        **values,
    }
    return _made(Meeting, values, publish)


def make_minutes(meeting_id, text, stage="draft", approved_at=None, approved_on=None):
    """Minutes carried to ``stage``: draft, circulated, approved or published."""
    minutes = create_record(Minutes, {"meeting_id": meeting_id, "body": text}, None)
    if stage in ("circulated", "approved", "published"):
        circulate_minutes(minutes, None)
    if stage in ("approved", "published"):
        at = db.session.get(Meeting, approved_at or meeting_id)
        approve_minutes(minutes, at, approved_on or at.meeting_date, None)
    if stage == "published":
        publish_record(minutes, None)
    return minutes.id


def make_decision(meeting_id, number, title="A decision", state="agreed", publish=True,
                  **values):  # fmt: skip
    values = {"number": number, "title": title, "text": "", "meeting_id": meeting_id,
              "state": state, "links": [], **values}  # fmt: skip
    return _made(Decision, values, publish)


def make_action(decision_id, owner, due=None, state="open", title="An action", publish=True,
                **values):  # fmt: skip
    values = {"title": title, "decision_id": decision_id, "owner_slug": owner,
              "due_on": _iso(due), "state": state, "completed_on": None,
              "progress_note": "", **values}  # fmt: skip
    return _made(Action, values, publish)


def make_report(slug, title="A report", report_type="annual", issued_on="2025-03-01",
                publish=True, **values):  # fmt: skip
    values = {"title": title, "slug": slug, "report_type": report_type,
              "issued_on": _iso(issued_on), "summary": "", "sdgs": [], "language": "en",
              **values}  # fmt: skip
    return _made(Report, values, publish)


def make_funding(funder, amount, currency="USD", year=2025, funding_type="grant",
                 publish=True, **values):  # fmt: skip
    values = {"funder_slug": funder, "funding_type": funding_type, "amount": amount,
              "currency": currency, "year": year, "purpose": "", "report_id": None,
              **values}  # fmt: skip
    return _made(FundingSource, values, publish)
