"""The directory's counts: how many partners a search finds, and how many of them each
value of each facet has.

Each facet is counted with the reader's other choices applied but not its own, so that
ticking one group still shows how many the other groups have. Rather than a query per
facet, one statement groups the matching partners by stakeholder group, country and role,
and counts in each of these few hundred groups the partners with a chosen goal and those
with each goal (the bits of ``sdg_mask``); the groups are then added up here, each facet
leaving out its own choice. On SQLite that statement reads the facet index alone, in its
order, so it neither joins the goals' table nor sorts.
"""

from collections import Counter
from typing import TYPE_CHECKING

from sqlalchemy import BigInteger, ColumnElement, cast, func, literal, select

from app.extensions import db
from app.partners.models import Partner, goals_mask
from app.sdgs import SDGS

if TYPE_CHECKING:
    from app.partners.services import Query

# The facets with one value per partner, in the order of the statement's grouping.
ONE_VALUE_FACETS = ("group", "country", "role")
GROUPING = (Partner.stakeholder_group, Partner.country, Partner.role)

# The goals are counted in lanes: one sum per three goals, each goal's count in 21 bits
# of it (up to 2,097,151 partners; three lanes stay under 2**63). Multiplying a partner's
# three bits by SPREAD puts copies of them 20 bits apart, so that bit j of the copy j
# lands at bit 21 * j, and KEEP keeps those. Six sums cost SQLite a quarter less than
# seventeen filtered counts, in the pass that takes most of the page's time.
LANE_BITS = 21
GOALS_PER_SUM = 3
SPREAD = sum(1 << (lane * (LANE_BITS - 1)) for lane in range(GOALS_PER_SUM))
KEEP = sum(1 << (lane * LANE_BITS) for lane in range(GOALS_PER_SUM))
LANE = (1 << LANE_BITS) - 1


def _goal_lanes(first: int) -> ColumnElement[int]:
    """A partner's bits for goals ``first + 1`` to ``first + GOALS_PER_SUM``, one a lane."""
    bits = Partner.sdg_mask.bitwise_rshift(first).bitwise_and(2**GOALS_PER_SUM - 1)
    # 64-bit numbers: PostgreSQL would compute in 32 bits, as the mask is.
    return (bits * literal(SPREAD, BigInteger)).bitwise_and(literal(KEEP, BigInteger))


# Cast back to 64 bits: PostgreSQL sums them as numeric, which reaches Python as Decimal,
# several times slower to read and to add up than integers.
GOAL_SUMS = tuple(
    cast(func.sum(_goal_lanes(first)), BigInteger) for first in range(0, len(SDGS), GOALS_PER_SUM)
)


def with_any_goal(goals: list[int]) -> ColumnElement[bool]:
    """Partners working on at least one of ``goals``."""
    return Partner.sdg_mask.bitwise_and(goals_mask(goals)) != 0


def count_facets(query: "Query", conditions: list) -> dict[str, dict]:
    """{"total": {"": n}, "group": {value: n}, "country": ..., "role": ..., "sdg": {goal: n}}
    over the partners that meet ``conditions`` (published, matching the words), each facet
    narrowed by ``query``'s choices in the other facets. A value may be counted 0."""
    with_chosen_goal = func.count().filter(with_any_goal(query.sdg)) if query.sdg else func.count()
    statement = select(*GROUPING, with_chosen_goal, *GOAL_SUMS).where(*conditions)
    narrowing = [
        (position, set(chosen))
        for position, facet in enumerate(ONE_VALUE_FACETS)
        if (chosen := query.selected(facet))
    ]
    counts: dict[str, Counter] = {name: Counter() for name in ("total", *ONE_VALUE_FACETS)}
    goal_sums = []  # of the groups that every choice but the goals' keeps
    for row in db.session.execute(statement.group_by(*GROUPING)):
        values, count = row[:3], row[3]
        missed = [position for position, chosen in narrowing if values[position] not in chosen]
        if not missed:
            counts["total"][""] += count
            for facet, value in zip(ONE_VALUE_FACETS, values, strict=True):
                counts[facet][value] += count
            goal_sums.append(row[4:])
        elif len(missed) == 1:
            # Only this facet's own choice leaves the group out: its values still count.
            position = missed[0]
            counts[ONE_VALUE_FACETS[position]][values[position]] += count
    # Added up lane by lane at once: no lane's total exceeds the partners, so none carries
    # into the next.
    totals = [sum(column) for column in zip(*goal_sums, strict=True)]
    totals = totals or [0] * len(GOAL_SUMS)
    by_goal = {
        goal: totals[index // GOALS_PER_SUM] >> (index % GOALS_PER_SUM * LANE_BITS) & LANE
        for index, goal in enumerate(SDGS)
    }
    return {**counts, "sdg": by_goal}
