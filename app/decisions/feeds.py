"""Decisions and actions in the Atom feeds (and in digests, in the request's language)."""

from flask import url_for
from flask_babel import gettext as _

from app.decisions.models import Action, Decision
from app.feeds.entries import Entry, feed_entry, latest_published
from app.translating.services import localise
from app.transparency.dates import long_date
from app.transparency.history import public_changes_of
from app.transparency.partners import partner_name


def decision_entries() -> list[Entry]:
    decisions = latest_published(Decision)
    actions = latest_published(Action)
    changes = public_changes_of([*decisions, *actions])
    entries = [
        feed_entry(
            decision,
            "decision",
            f"{decision.number}: {decision.title}",
            url_for("decisions.index", _anchor=decision.anchor),
            f"{decision.state.value.capitalize()}. {decision.text}",
            changes,
        )  # fmt: skip
        for decision in map(localise, decisions)
    ]
    for action in map(localise, actions):
        due = _(" Due %(date)s.", date=long_date(action.due_on)) if action.due_on else ""
        entries.append(
            feed_entry(
                action,
                "action",
                _("Action: %(title)s", title=action.title),
                url_for("decisions.index", _anchor=action.anchor),
                _("Owner: %(owner)s.", owner=partner_name(action.owner_slug))
                + due
                + " "
                + action.state.value.capitalize()
                + ".",
                changes,
            )  # fmt: skip
        )
    return entries
