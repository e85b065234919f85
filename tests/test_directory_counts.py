"""The directory's counts and order against a straightforward computation of them.

The directory counts every facet in one grouped pass, with the goals read from a bitmask
kept on each partner; these tests compute the same numbers the plain way, partner by
partner, and the same order with whole records sorted, for choices in every facet.
"""

import itertools

import pytest
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from app.editing.services import head_snapshot, publish_record, save_record
from app.extensions import db
from app.partners import search
from app.partners.models import Partner
from app.partners.services import PER_PAGE, Query, directory_order, published, search_partners
from tests.partners_helpers import make_partner

GROUPS = ("civil-society", "academia", "government")
COUNTRIES = ("VN", "KH", "LA")
ROLES = ("member", "funder")
WORDS = ("water", "rice", "river")

# Each case: query-string arguments, as a reader's address gives them.
CASES = [
    {},
    {"q": "water"},
    {"q": "wat"},
    {"q": "water rice"},
    {"group": "academia"},
    {"country": "vn", "sdg": "6"},
    {"q": "water", "country": ["vn", "kh"], "sdg": ["6", "13"]},
    {"q": "river", "group": ["academia", "government"], "role": "member", "sdg": ["17", "6"]},
    {"group": "civil-society", "country": "la", "role": "funder", "sdg": ["1", "2"]},
    {"q": "water", "page": "2"},
    {"q": "nothing-matches-this"},
]


@pytest.fixture
def coalition(app):
    """Forty-five partners over every group, country and role, with goals 1 to 17 spread
    unevenly, descriptions sharing words, and drafts the public must never count."""
    combinations = itertools.cycle(itertools.product(GROUPS, COUNTRIES, ROLES))
    for number in range(45):
        group, country, role = next(combinations)
        goals = sorted({1 + number % 17, 1 + (number * 7) % 17, 6 if number % 3 else 13})
        words = " ".join(WORDS[: 1 + number % len(WORDS)])
        make_partner(
            app,
            name=f"{'Water ' if number % 5 == 0 else ''}Partner {number:02d}",
            slug=f"coalition-{number}",
            stakeholder_group=group,
            country=country,
            role=role,
            sdgs=goals if number % 11 else [],
            description=f"Works on {words}.",
            publish=number % 9 != 4,
        )


def selected(values) -> list:
    return values if isinstance(values, list) else [values]


def expected_results(case: dict) -> tuple[int, dict, list[int]]:
    """The total, every facet's counts and the page's ids, computed the plain way."""
    query = Query.from_args(MultiDict([(k, v) for k, vs in case.items() for v in selected(vs)]))
    matches = search.matching(query.text)
    everyone = select(Partner).where(published())
    if matches is not None:
        everyone = everyone.where(matches.where)
    partners = list(db.session.scalars(everyone))

    def keeps(partner: Partner, leave_out: str | None = None) -> bool:
        checks = {
            "group": partner.stakeholder_group in query.group,
            "country": partner.country in query.country,
            "role": partner.role in query.role,
            "sdg": bool(set(partner.sdgs) & set(query.sdg)),
        }
        return all(
            ok for facet, ok in checks.items() if query.selected(facet) and facet != leave_out
        )

    counts: dict[str, dict] = {facet: {} for facet in ("group", "country", "role", "sdg")}
    for partner in partners:
        for facet, values in (
            ("group", [partner.stakeholder_group]),
            ("country", [partner.country]),
            ("role", [partner.role]),
            ("sdg", partner.sdgs),
        ):
            if keeps(partner, leave_out=facet):
                for value in values:
                    counts[facet][value] = counts[facet].get(value, 0) + 1
    kept = [partner for partner in partners if keeps(partner)]
    # The page: whole records sorted, the ranking first when words were searched.
    listing = select(Partner).where(Partner.id.in_([partner.id for partner in kept]))
    if matches is not None:
        if matches.join is not None:
            listing = listing.join(matches.join, matches.join.c.organisation_id == Partner.id)
        listing = listing.order_by(*matches.order_by)
    ordered = [partner.id for partner in db.session.scalars(listing.order_by(*directory_order()))]
    pages = max(1, -(-len(kept) // PER_PAGE))
    page = min(query.page, pages)
    return len(kept), counts, ordered[(page - 1) * PER_PAGE : page * PER_PAGE]


def test_counts_and_order_are_those_of_a_plain_computation(app, coalition):
    # One coalition for every case: building it through the editing services is the slow
    # part, and the cases only read it.
    differences = {}
    with app.test_request_context():
        for case in CASES:
            total, counts, page_ids = expected_results(case)
            query = Query.from_args(
                MultiDict([(k, v) for k, vs in case.items() for v in selected(vs)])
            )
            results = search_partners(query)
            shown = {
                facet: {value.value: value.count for value in values if value.count}
                for facet, values in results.facets.items()
            }
            found = (
                results.total,
                shown,
                [organisation.id for organisation in results.organisations],
            )
            if found != (total, counts, page_ids):
                differences[str(case)] = {"found": found, "expected": (total, counts, page_ids)}
            # Every case but the last finds partners, so that its order is compared too.
            assert total or case.get("q") == "nothing-matches-this", case
    assert not differences


def test_the_goal_counts_follow_an_edit_of_the_goals(app, client):
    """The goals' bitmask is kept with the goals: a published edit moves the counts."""
    partner_id = make_partner(app, name="Mekong Fishers", slug="fishers", sdgs=[6, 14])
    assert "Mekong Fishers" in client.get("/partners/?sdg=14").get_data(as_text=True)
    with app.test_request_context():
        partner = db.session.get(Partner, partner_id)
        values = {**head_snapshot(partner), "sdgs": [2, 13]}
        save_record(partner, values, partner.head_revision_id, None)
        # Saved, not yet published: the public still sees goals 6 and 14.
        assert search_partners(Query(sdg=[14])).total == 1
        publish_record(partner, None)
        results = search_partners(Query())
        goals = {value.value: value.count for value in results.facets["sdg"]}
        assert goals == {2: 1, 13: 1}
        assert search_partners(Query(sdg=[14])).total == 0
        assert [o.slug for o in search_partners(Query(sdg=[13, 1])).organisations] == ["fishers"]
    assert "Mekong Fishers" not in client.get("/partners/?sdg=14").get_data(as_text=True)
