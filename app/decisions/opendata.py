"""Decisions and actions as open data."""

from urllib.parse import urljoin

from flask import url_for
from sqlalchemy import select

from app.decisions.models import Action, Decision
from app.editing.models import Status
from app.extensions import db
from app.transparency.dates import local_today
from app.transparency.partners import partner_name

DECISION_FIELDS = (
    "id", "number", "title", "text", "state", "meeting_date", "meeting_url", "body",
    "votes_for", "votes_against", "votes_abstaining", "links", "url", "published_at",
    "last_updated_at",
)  # fmt: skip
ACTION_FIELDS = (
    "id", "title", "decision_number", "owner_slug", "owner", "due_on", "state", "overdue",
    "completed_on", "progress_note", "url", "published_at", "last_updated_at",
)  # fmt: skip


def decision_rows() -> list[dict]:
    home = url_for("home.index", _external=True)
    decisions = db.session.scalars(
        select(Decision).where(Decision.status == Status.PUBLISHED).order_by(Decision.number)
    ).unique()
    rows = []
    for decision in decisions:
        meeting = decision.meeting if decision.meeting and decision.meeting.is_published else None
        body = meeting.body if meeting and meeting.body and meeting.body.is_published else None
        rows.append(
            {
                "id": decision.id,
                "number": decision.number,
                "title": decision.title,
                "text": decision.text,
                "state": decision.state.value,
                "meeting_date": meeting.meeting_date if meeting else None,
                "meeting_url": urljoin(home, url_for("meetings.meeting", key=meeting.key))
                if meeting
                else "",
                "body": body.name if body else "",
                "votes_for": decision.votes_for,
                "votes_against": decision.votes_against,
                "votes_abstaining": decision.votes_abstaining,
                "links": [link["url"] for link in decision.links or []],
                "url": urljoin(home, url_for("decisions.index", _anchor=decision.anchor)),
                "published_at": decision.published_at,
                "last_updated_at": decision.last_published_at,
            }
        )
    return rows


def action_rows() -> list[dict]:
    home = url_for("home.index", _external=True)
    today = local_today()
    actions = db.session.scalars(
        select(Action)
        .join(Decision, Action.decision_id == Decision.id)
        .where(Action.status == Status.PUBLISHED, Decision.status == Status.PUBLISHED)
        .order_by(Action.id)
    ).unique()
    return [
        {
            "id": action.id,
            "title": action.title,
            "decision_number": action.decision.number,
            "owner_slug": action.owner_slug,
            "owner": partner_name(action.owner_slug),
            "due_on": action.due_on,
            "state": action.state.value,
            "overdue": action.is_overdue(today),
            "completed_on": action.completed_on,
            "progress_note": action.progress_note,
            "url": urljoin(home, url_for("decisions.index", _anchor=action.anchor)),
            "published_at": action.published_at,
            "last_updated_at": action.last_published_at,
        }
        for action in actions
    ]
