"""Decisions and actions in site search (decisions in the A–Z index too)."""

from collections.abc import Iterable

from flask import url_for
from sqlalchemy import select

from app.decisions.models import Action, Decision
from app.editing.models import Status
from app.export.state import depends_on
from app.search.sources import Entry, containing, records, results_depend_on
from app.search.text import plain_text


def decision_entries(terms: list[str] | None, text: str) -> Iterable[Entry]:
    results_depend_on(terms, Decision.record_type)
    decisions = records(
        select(Decision).where(
            Decision.status == Status.PUBLISHED,
            containing(terms, Decision.number, Decision.title, Decision.text),
        ),
        terms,
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
    actions = records(
        select(Action).where(
            Action.status == Status.PUBLISHED,
            containing(terms, Action.title, Action.progress_note),
        ),
        terms,
    )
    for action in actions:
        yield Entry(
            "action",
            action.title,
            url_for("decisions.index", _anchor=action.anchor),
            plain_text(action.progress_note),
        )
