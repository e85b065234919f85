"""Reminders that go out once for a date: an action due soon or overdue, a partner's
yearly check. ``ReminderSent`` keeps what went out, so the hourly job sends each once."""

from datetime import date, timedelta

from flask import current_app
from sqlalchemy import exists, select

from app.decisions.models import OPEN_STATES, Action
from app.editing.models import Status
from app.extensions import db
from app.notifications import kinds
from app.notifications.links import absolute_url
from app.notifications.models import ReminderSent
from app.notifications.notices import notify
from app.notifications.recipients import partner_contacts


def already_sent(record_type: str, record_id: int, kind: str, due_on: date) -> bool:
    return db.session.scalar(
        select(
            exists().where(
                ReminderSent.record_type == record_type,
                ReminderSent.record_id == record_id,
                ReminderSent.kind == kind,
                ReminderSent.due_on == due_on,
            )
        )
    )


def mark_sent(record_type: str, record_id: int, kind: str, due_on: date) -> None:
    db.session.add(
        ReminderSent(record_type=record_type, record_id=record_id, kind=kind, due_on=due_on)
    )


def actions_due(today: date) -> list[Action]:
    """Published open actions with an owner, due within ``NOTIFICATION_ACTION_DAYS``
    days or overdue."""
    horizon = today + timedelta(days=current_app.config["NOTIFICATION_ACTION_DAYS"])
    return list(
        db.session.scalars(
            select(Action)
            .where(
                Action.status == Status.PUBLISHED,
                Action.state.in_(OPEN_STATES),
                Action.owner_slug != "",
                Action.due_on.is_not(None),
                Action.due_on <= horizon,
            )
            .order_by(Action.due_on, Action.id)
        )
    )


def send_action_reminders(today: date) -> int:
    """Tell each due action's owner, once a reminder before its due date and once a notice
    when it is overdue, and commit; returns how many reminders went out.

    A reminder is keyed by the action, its kind and its due date: a new due date is
    reminded of again.
    """
    sent = 0
    for action in actions_due(today):
        event = "action-overdue" if action.due_on < today else "action-reminder"
        if already_sent(action.record_type, action.id, event, action.due_on):
            continue
        notify(
            partner_contacts(action.owner_slug),
            kinds.ACTION_DUE,
            event,
            absolute_url("decisions.index", _anchor=action.anchor),
            subject=action.title,
            due_on=action.due_on,
        )
        mark_sent(action.record_type, action.id, event, action.due_on)
        db.session.commit()
        sent += 1
    return sent
