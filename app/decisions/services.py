"""The register: published decisions and actions, filtered as a reader asks."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from app.decisions.models import OPEN_STATES, Action, ActionStatus, Decision, DecisionStatus
from app.editing.models import Status
from app.export.state import depends_on
from app.extensions import db
from app.meetings.models import GovernanceBody, Meeting
from app.translating.services import localise_all
from app.transparency.export import record_ids

OVERDUE = "overdue"
# Decision states as they appear in addresses: /decisions/status/in-progress/.
STATE_SLUGS = {state.value.replace(" ", "-"): state for state in DecisionStatus}


def state_slug(state: DecisionStatus | str) -> str:
    return DecisionStatus(state).value.replace(" ", "-")


@dataclass(frozen=True)
class RegisterFilters:
    """What the reader chose; an unknown value is ignored rather than refused."""

    body: str = ""  # a governance body's slug
    state: str = ""  # a DecisionStatus value
    year: int | None = None  # the year of the meeting that decided
    owner: str = ""  # the slug of an action's owner
    action: str = ""  # an ActionStatus value, or "overdue"

    @classmethod
    def from_args(cls, args) -> "RegisterFilters":
        state = args.get("state", "")
        action = args.get("action", "")
        year = args.get("year", "")
        # ASCII digits only: str.isdigit() also accepts "²", which int() refuses.
        year = year if year.isascii() else ""
        return cls(
            body=args.get("body", "").strip()[:120],
            state=state if state in {s.value for s in DecisionStatus} else "",
            year=int(year)
            if year.isascii() and year.isdigit() and 1900 < int(year) < 3000
            else None,
            owner=args.get("owner", "").strip()[:120],
            action=action if action in {s.value for s in ActionStatus} | {OVERDUE} else "",
        )

    @property
    def is_empty(self) -> bool:
        return not (self.body or self.state or self.year or self.owner or self.action)

    def as_args(self) -> dict:
        return {key: value for key, value in vars(self).items() if value}


@dataclass
class Register:
    decisions: list[Decision]
    actions_by_decision: dict[int, list[Action]] = field(default_factory=dict)
    overdue: list[Action] = field(default_factory=list)

    @property
    def action_count(self) -> int:
        return sum(len(actions) for actions in self.actions_by_decision.values())


def _decision_query(filters: RegisterFilters):
    query = (
        select(Decision)
        .outerjoin(Meeting, Decision.meeting_id == Meeting.id)
        .outerjoin(GovernanceBody, Meeting.body_id == GovernanceBody.id)
        .where(Decision.status == Status.PUBLISHED)
    )
    if filters.body:
        query = query.where(
            GovernanceBody.slug == filters.body, GovernanceBody.status == Status.PUBLISHED
        )
    if filters.year:
        query = query.where(
            Meeting.meeting_date >= date(filters.year, 1, 1),
            Meeting.meeting_date < date(filters.year + 1, 1, 1),
        )
    if filters.state:
        query = query.where(Decision.state == DecisionStatus(filters.state))
    return query


def _action_conditions(filters: RegisterFilters, today: date) -> list:
    conditions = [Action.status == Status.PUBLISHED]
    if filters.owner:
        conditions.append(Action.owner_slug == filters.owner)
    if filters.action == OVERDUE:
        conditions += [Action.state.in_(OPEN_STATES), Action.due_on < today]
    elif filters.action:
        conditions.append(Action.state == ActionStatus(filters.action))
    return conditions


def search_register(filters: RegisterFilters, today: date) -> Register:
    """Decisions matching the filters, newest first, each with its matching actions.

    Decision filters (body, year, state) narrow the actions too; action filters (owner,
    action state) keep only the decisions that have a matching action.
    """
    # Any decision or action may enter or leave the register, and with it the meetings
    # and bodies it names.
    depends_on(Decision.record_type)
    depends_on(Action.record_type)
    action_conditions = _action_conditions(filters, today)
    query = _decision_query(filters)
    if filters.owner or filters.action:
        query = query.where(Decision.id.in_(select(Action.decision_id).where(*action_conditions)))
    decisions = list(
        db.session.scalars(
            query.order_by(Meeting.meeting_date.desc(), Decision.number.desc())
        ).unique()
    )
    actions_by_decision: dict[int, list[Action]] = defaultdict(list)
    if decisions:
        actions = db.session.scalars(
            select(Action)
            .where(Action.decision_id.in_([d.id for d in decisions]), *action_conditions)
            .order_by(Action.due_on.is_(None), Action.due_on, Action.id)
        ).unique()
        for action in actions:
            actions_by_decision[action.decision_id].append(action)
    overdue = [
        action
        for decision in decisions
        for action in actions_by_decision.get(decision.id, [])
        if action.is_overdue(today)
    ]
    overdue.sort(key=lambda action: (action.due_on, action.id))
    for decision in decisions:
        _depends_on_meeting_of(decision)
    return Register(decisions, dict(actions_by_decision), overdue)


def localise_register(register: Register) -> Register:
    """The register with each decision and action in the page's language, as far as its
    published translation has it (``search_register`` already noted the dependencies)."""
    return Register(
        localise_all(register.decisions),
        {key: localise_all(actions) for key, actions in register.actions_by_decision.items()},
        localise_all(register.overdue),
    )


def _depends_on_meeting_of(decision: Decision) -> None:
    """A decision is shown with its meeting's body and date, when they are published."""
    if decision.meeting_id is not None:
        depends_on(Meeting.record_type, decision.meeting_id)
        if decision.meeting.body_id is not None:
            depends_on(GovernanceBody.record_type, decision.meeting.body_id)


@dataclass
class FilterOptions:
    bodies: list[GovernanceBody]
    years: list[int]
    owners: list[str]


@dataclass
class Facet:
    """A pre-rendered view of the register (a year, a decision status), as a plain link."""

    label: str
    url: str
    current: bool = False


def filter_options() -> FilterOptions:
    """The choices the filter form offers: only values that find something."""
    depends_on(Decision.record_type)
    depends_on(Action.record_type)
    meetings = db.session.execute(
        select(Meeting.id, Meeting.body_id)
        .join(Decision, Decision.meeting_id == Meeting.id)
        .where(Decision.status == Status.PUBLISHED)
        .distinct()
    ).all()
    for meeting_id, body_id in meetings:  # their dates give the years, their bodies the bodies
        depends_on(Meeting.record_type, meeting_id)
        if body_id is not None:
            depends_on(GovernanceBody.record_type, body_id)
    bodies = db.session.scalars(
        select(GovernanceBody)
        .where(
            GovernanceBody.status == Status.PUBLISHED,
            GovernanceBody.id.in_(
                select(Meeting.body_id)
                .join(Decision, Decision.meeting_id == Meeting.id)
                .where(Decision.status == Status.PUBLISHED)
            ),
        )
        .order_by(GovernanceBody.name)
    ).all()
    dates = db.session.scalars(
        select(Meeting.meeting_date)
        .join(Decision, Decision.meeting_id == Meeting.id)
        .where(Decision.status == Status.PUBLISHED)
        .distinct()
    ).all()
    owners = db.session.scalars(
        select(Action.owner_slug)
        .where(Action.status == Status.PUBLISHED, Action.owner_slug != "")
        .distinct()
    ).all()
    return FilterOptions(list(bodies), sorted({d.year for d in dates}, reverse=True), owners)


def published_decisions_of(meeting: Meeting) -> list[Decision]:
    depends_on(Decision.record_type, of=(Meeting.record_type, meeting.id))
    decisions = list(
        db.session.scalars(
            select(Decision)
            .where(Decision.meeting_id == meeting.id, Decision.status == Status.PUBLISHED)
            .order_by(Decision.number)
        ).unique()
    )
    for decision in decisions:  # one moved to another meeting leaves this page
        depends_on(Decision.record_type, decision.id)
    return decisions


def published_actions_of(decisions: list[Decision]) -> dict[int, list[Action]]:
    for decision in decisions:
        depends_on(Action.record_type, of=(Decision.record_type, decision.id))
    if not decisions:
        return {}
    found: dict[int, list[Action]] = defaultdict(list)
    for action in db.session.scalars(
        select(Action)
        .where(Action.decision_id.in_([d.id for d in decisions]), Action.status == Status.PUBLISHED)
        .order_by(Action.due_on.is_(None), Action.due_on, Action.id)
    ).unique():
        depends_on(Action.record_type, action.id)
        found[action.decision_id].append(action)
    return dict(found)


def facets(filters: RegisterFilters, options: FilterOptions) -> dict[str, list[Facet]]:
    """Links to the register's pre-rendered views, for readers of the static export, where
    no server answers the filter form: one page per year and per decision status in use."""
    from flask import url_for

    from app.decisions.forms import DECISION_STATES

    in_use = states_in_use()
    return {
        "year": [
            Facet(str(year), url_for("decisions.year", year=year), filters.year == year)
            for year in options.years
        ],
        "state": [
            Facet(
                str(label),
                url_for("decisions.status", state=state_slug(value)),
                filters.state == value,
            )
            for value, label in DECISION_STATES
            if value in in_use
        ],
    }


def states_in_use() -> set[str]:
    depends_on(Decision.record_type)
    return {
        state.value
        for state in db.session.scalars(
            select(Decision.state).where(Decision.status == Status.PUBLISHED).distinct()
        )
    }


# ---- for the static export ------------------------------------------------------------


def meetings_of_decisions(ids: list[str]) -> list[tuple[str, int]]:
    """The meeting of each of these decisions: its page lists them."""
    found = db.session.scalars(
        select(Decision.meeting_id).where(
            Decision.id.in_(record_ids(ids)), Decision.meeting_id.is_not(None)
        )
    )
    return [(Meeting.record_type, meeting_id) for meeting_id in set(found)]


def decisions_of_actions(ids: list[str]) -> list[tuple[str, int]]:
    """The decision of each of these actions: wherever it is shown, its actions are too."""
    found = db.session.scalars(
        select(Action.decision_id).where(
            Action.id.in_(record_ids(ids)), Action.decision_id.is_not(None)
        )
    )
    return [(Decision.record_type, decision_id) for decision_id in set(found)]


def decision_number_taken(number: str, except_id: int | None = None) -> bool:
    query = select(Decision.id).where(Decision.number == number)
    if except_id is not None:
        query = query.where(Decision.id != except_id)
    return db.session.scalar(query) is not None


def decisions_for_choice() -> list[Decision]:
    return list(
        db.session.scalars(
            select(Decision)
            .where(Decision.status != Status.TRASHED)
            .order_by(Decision.number.desc())
        ).unique()
    )
