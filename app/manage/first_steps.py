"""The first-run checklist on the /manage dashboard of a new coalition.

Each feature declares its step (``app.features.FirstStep``); the checklist asks whether
each is done in one statement, from what the database holds, so a step is ticked however
it was done. The list goes away once every step is done, or once an administrator
dismisses it (the ``first_steps_dismissed`` setting).
"""

from dataclasses import dataclass

from flask import url_for
from flask_login import current_user
from sqlalchemy import select

from app.extensions import db
from app.features import FirstStep, first_steps
from app.manage.access import roles_for
from app.site.services import save_settings, site_settings

DISMISSED = "first_steps_dismissed"


@dataclass(frozen=True)
class StepState:
    step: FirstStep
    is_done: bool

    def links(self) -> list[tuple[str, str]]:
        """(label, URL) of the step's links the signed-in user may open."""
        return [
            (str(link.label), url_for(link.endpoint, **dict(link.values)))
            for link in self.step.links
            if current_user.role in roles_for(link.endpoint)
        ]


@dataclass(frozen=True)
class Checklist:
    steps: list[StepState]

    @property
    def done(self) -> int:
        return sum(state.is_done for state in self.steps)

    @property
    def total(self) -> int:
        return len(self.steps)


def is_dismissed() -> bool:
    return site_settings().get(DISMISSED) == "1"


def current_checklist() -> Checklist | None:
    """The steps and whether each is done; None once dismissed or all done."""
    steps = first_steps()
    if not steps or is_dismissed():
        return None
    answers = db.session.execute(select(*(step.done() for step in steps))).one()
    states = [StepState(step, bool(done)) for step, done in zip(steps, answers, strict=True)]
    checklist = Checklist(states)
    return None if checklist.done == checklist.total else checklist


def dismiss_checklist() -> None:
    """Hide the checklist for everyone, for good; commits."""
    save_settings({DISMISSED: "1"})
