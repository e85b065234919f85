"""Decisions and actions in site search (decisions in the A–Z index too)."""

from collections.abc import Iterable

from flask import url_for

from app.decisions.models import Action, Decision
from app.export.state import depends_on
from app.search.sources import Entry, published_containing, results_depend_on
from app.search.text import plain_text


def decision_entries(terms: list[str] | None, text: str) -> Iterable[Entry]:
    results_depend_on(terms, Decision.record_type)
    decisions = published_containing(
        Decision, terms, Decision.number, Decision.title, Decision.text
    )
    for decision in decisions:
        yield Entry(
            "decision",
            decision.label,
            url_for("decisions.index", _anchor=decision.anchor),
            plain_text(decision.text),
        )


def action_entries(terms: list[str] | None, text: str) -> Iterable[Entry]:
    depends_on(Action.record_type)
    actions = published_containing(Action, terms, Action.title, Action.progress_note)
    for action in actions:
        yield Entry(
            "action",
            action.title,
            url_for("decisions.index", _anchor=action.anchor),
            plain_text(action.progress_note),
        )
