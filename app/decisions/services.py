"""The register: published decisions and actions, filtered as a reader asks."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from app.decisions.models import OPEN_STATES, Action, ActionStatus, Decision, DecisionStatus
from app.editing.models import Status
from app.extensions import db
from app.meetings.models import GovernanceBody, Meeting

OVERDUE = "overdue"


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
        return cls(
            body=args.get("body", "").strip()[:120],
            state=state if state in {s.value for s in DecisionStatus} else "",
            year=int(year) if year.isdigit() and 1900 < int(year) < 3000 else None,
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
    return Register(decisions, dict(actions_by_decision), overdue)


@dataclass
class FilterOptions:
    bodies: list[GovernanceBody]
    years: list[int]
    owners: list[str]


def filter_options() -> FilterOptions:
    """The choices the filter form offers: only values that find something."""
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
    return list(
        db.session.scalars(
            select(Decision)
            .where(Decision.meeting_id == meeting.id, Decision.status == Status.PUBLISHED)
            .order_by(Decision.number)
        ).unique()
    )


def published_actions_of(decisions: list[Decision]) -> dict[int, list[Action]]:
    if not decisions:
        return {}
    found: dict[int, list[Action]] = defaultdict(list)
    for action in db.session.scalars(
        select(Action)
        .where(Action.decision_id.in_([d.id for d in decisions]), Action.status == Status.PUBLISHED)
        .order_by(Action.due_on.is_(None), Action.due_on, Action.id)
    ).unique():
        found[action.decision_id].append(action)
    return dict(found)


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
