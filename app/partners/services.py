"""Reading the directory: search with facets, facet pages, the balance of the partnership."""

import math
from collections import defaultdict
from dataclasses import dataclass, field
from types import SimpleNamespace

from sqlalchemy import ColumnElement, Select, func, inspect, select

from app.editing.models import Status
from app.export.state import shared_by_run
from app.extensions import db
from app.partners import search
from app.partners.facet_counts import count_facets, with_any_goal
from app.partners.models import Partner, PartnerSdg
from app.partners.vocab import GROUPS, ROLES, countries, group_label, localised_countries
from app.sdgs import SDGS

PER_PAGE = 20
FACETS = ("group", "country", "sdg", "role")


@dataclass
class Query:
    """What a reader asked for: words, facet values (any of several in one facet), page."""

    text: str = ""
    group: list[str] = field(default_factory=list)
    country: list[str] = field(default_factory=list)
    sdg: list[int] = field(default_factory=list)
    role: list[str] = field(default_factory=list)
    page: int = 1

    @classmethod
    def from_args(cls, args) -> "Query":
        """Read a query string, dropping values no facet knows (a mistyped URL still works)."""
        country_codes = countries()
        goals = {str(goal): goal for goal in SDGS}  # exact digits: "²".isdigit() is True
        return cls(
            text=(args.get("q") or "").strip()[:200],
            group=[v for v in args.getlist("group") if v in GROUPS],
            country=[v.upper() for v in args.getlist("country") if v.upper() in country_codes],
            sdg=sorted({goals[v] for v in args.getlist("sdg") if v in goals}),
            role=[v for v in args.getlist("role") if v in ROLES],
            page=max(1, args.get("page", 1, type=int) or 1),
        )

    def selected(self, facet: str) -> list:
        return getattr(self, facet)

    def args(self, **changes) -> dict:
        """Query-string arguments for a link to this query with ``changes``."""
        values = {
            "q": self.text or None,
            "group": self.group,
            "country": [c.lower() for c in self.country],
            "sdg": self.sdg,
            "role": self.role,
            "page": self.page if self.page > 1 else None,
        }
        values.update(changes)
        return {key: value for key, value in values.items() if value not in (None, [], "")}


@dataclass
class FacetValue:
    value: str | int
    label: str
    count: int
    selected: bool


@dataclass
class Results:
    query: Query
    organisations: list[Partner]
    total: int
    facets: dict[str, list[FacetValue]]

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / PER_PAGE))


def published() -> ColumnElement[bool]:
    return Partner.status == Status.PUBLISHED


def in_goals(id_column, goals: list[int]) -> ColumnElement[bool]:
    return id_column.in_(select(PartnerSdg.organisation_id).where(PartnerSdg.goal.in_(goals)))


def _conditions(query: Query) -> list:
    """What ``query``'s choices in the facets ask of a partner (any value of each facet)."""
    conditions = []
    for facet, column in (
        ("group", Partner.stakeholder_group),
        ("country", Partner.country),
        ("role", Partner.role),
    ):
        if query.selected(facet):
            conditions.append(column.in_(query.selected(facet)))
    if query.sdg:
        conditions.append(with_any_goal(query.sdg))
    return conditions


def search_partners(query: Query) -> Results:
    """One page of published organisations matching ``query``, with every facet's counts.

    Three statements: the counts (total and facets, in one grouped pass over the matches),
    the ids of the page's organisations in order, and those organisations.
    """
    matches = search.matching(query.text)
    matching = [published()] if matches is None else [published(), matches.where]
    counts = count_facets(query, matching)
    total = counts["total"].get("", 0)
    page = min(query.page, max(1, math.ceil(total / PER_PAGE)))
    # Ranked and ordered on the id and what orders it alone, not on whole records: the
    # sort of every match then carries a few values each, and only a page is read whole.
    listing = select(Partner.id).where(published(), *_conditions(query))
    if matches is not None:
        if matches.join is not None:
            # The join keeps only the matches already: the search runs once, not twice.
            listing = listing.join(matches.join, matches.join.c.organisation_id == Partner.id)
        else:
            listing = listing.where(matches.where)
        listing = listing.order_by(*matches.order_by)
    listing = listing.order_by(*directory_order())
    ids = list(db.session.scalars(listing.limit(PER_PAGE).offset((page - 1) * PER_PAGE)))
    found = {}
    if ids:
        found = {o.id: o for o in db.session.scalars(select(Partner).where(Partner.id.in_(ids)))}
    query.page = page
    return Results(query, [found[id_] for id_ in ids], total, _facets(query, counts))


def _facets(query: Query, counts: dict) -> dict[str, list[FacetValue]]:
    """For each facet, the values found with their counts (the selected ones always)."""
    labels = {
        "group": GROUPS,
        "role": ROLES,
        "sdg": {goal: f"{goal}. {label}" for goal, label in SDGS.items()},
        "country": localised_countries(),
    }
    facets = {}
    for facet in FACETS:
        found, chosen = counts[facet], query.selected(facet)
        facets[facet] = [
            FacetValue(value, str(label), found.get(value, 0), value in chosen)
            for value, label in labels[facet].items()
            if found.get(value) or value in chosen
        ]
    return facets


# --- Published partners ------------------------------------------------------------------


def directory_order() -> tuple:
    """The order of the directory's pages, after a search's ranking: by name, then by id.

    The export's directory pages depend on it (``facets.directory_text``): one order for
    both, so a page is re-rendered whenever the partners it lists move."""
    return Partner.name, Partner.id


def _by_name() -> tuple:
    """The order of every list of partners: by name, then by id among equal names."""
    return func.lower(Partner.name), Partner.id


def _listing(*conditions) -> list[Partner]:
    return list(
        db.session.scalars(select(Partner).where(published(), *conditions).order_by(*_by_name()))
    )


def published_organisations() -> list[Partner]:
    """Every published organisation, by name; read once per export run, which shows them
    all on their pages, the facet pages and the data files (and so keeps them in the
    session instead of loading them again for each page)."""
    return list(shared_by_run("partners.published", _listing))


class PartnerRow(SimpleNamespace):
    """A published organisation read as plain values: ``id``, what its editors edit
    (``edit_fields``, SDGs included) and what follows from it (``region``,
    ``country_name``), as the ``Partner`` gives them.

    The data files show every partner and are written again after each edit of one;
    reading the rows this way is much quicker than loading them as records with their
    SDG links.
    """

    record_type = Partner.record_type


def published_rows() -> list[PartnerRow]:
    """Every published organisation as an ``PartnerRow``, in the order of
    ``published_organisations()``; read once per export run (both data files use it)."""
    return shared_by_run("partners.published_rows", _read_rows)


def _read_rows() -> list[PartnerRow]:
    goals: dict[int, list[int]] = defaultdict(list)
    for organisation_id, goal in db.session.execute(
        select(PartnerSdg.organisation_id, PartnerSdg.goal)
        .join(Partner, Partner.id == PartnerSdg.organisation_id)
        .where(published())
        .order_by(PartnerSdg.goal)
    ):
        goals[organisation_id].append(goal)
    columns = inspect(Partner).columns
    names = ["id", "region", "country_name"]
    names += [name for name in Partner.edit_fields if name in columns]  # not sdgs
    selected = [columns[name] for name in names]
    rows = db.session.execute(select(*selected).where(published()).order_by(*_by_name()))
    found = []
    for values in rows:
        row = PartnerRow(**dict(zip(names, values, strict=True)))
        row.sdgs = goals[row.id]
        found.append(row)
    return found


def published_slugs() -> list[str]:
    """The slugs of every published organisation, in the order of
    ``published_organisations()``, read without loading the records."""
    return list(db.session.scalars(select(Partner.slug).where(published()).order_by(*_by_name())))


# The published organisations by slug that the run's pages asked for (None: no such
# organisation is published); the export's bulk loader gives every one at once.
BY_SLUG = "partners.published_by_slug"


def published_organisation(slug: str) -> Partner | None:
    """The published organisation at ``slug``, or None."""
    by_slug = shared_by_run(BY_SLUG, dict)
    if slug not in by_slug:
        by_slug[slug] = db.session.scalar(select(Partner).where(Partner.slug == slug, published()))
    return by_slug[slug]


def published_by_slug() -> dict[str, Partner | None]:
    """Every published organisation by slug: ``BY_SLUG`` for an export of many pages."""
    return {organisation.slug: organisation for organisation in published_organisations()}


def browse_links() -> dict[str, list[tuple[str, str, int]]]:
    """(value, label, count) for each group, country and SDG with published partners."""

    def counts(statement: Select) -> dict:
        return dict(db.session.execute(statement).all())

    groups = counts(
        select(Partner.stakeholder_group, func.count())
        .where(published())
        .group_by(Partner.stakeholder_group)
    )
    in_country = counts(
        select(Partner.country, func.count()).where(published()).group_by(Partner.country)
    )
    goals = counts(
        select(PartnerSdg.goal, func.count())
        .join(Partner, Partner.id == PartnerSdg.organisation_id)
        .where(published())
        .group_by(PartnerSdg.goal)
    )
    names = localised_countries()
    return {
        "group": [(g, group_label(g), groups[g]) for g in GROUPS if g in groups],
        "country": [
            (c.lower(), name, in_country[c]) for c, name in names.items() if c in in_country
        ],
        "sdg": [(str(n), f"{n}. {SDGS[n]}", goals[n]) for n in SDGS if n in goals],
    }


def slug_taken(slug: str, except_id: int | None = None) -> bool:
    statement = select(Partner.id).where(Partner.slug == slug)
    if except_id is not None:
        statement = statement.where(Partner.id != except_id)
    return db.session.scalar(statement) is not None


def partner_organisation() -> Partner | None:
    """The organisation the signed-in partner user speaks for (for their dashboard)."""
    from flask_login import current_user

    if not current_user.is_authenticated:
        return None
    return organisation_for_slug(current_user.organisation_slug)


def contact_organisations() -> list[tuple[str, str]]:
    """(slug, name) of every organisation not in the trash, by name: those a partner
    contact may be invited to speak for."""
    query = select(Partner.slug, Partner.name).where(Partner.status != Status.TRASHED)
    return [(slug, name) for slug, name in db.session.execute(query.order_by(*_by_name()))]


def organisation_for_slug(slug: str | None) -> Partner | None:
    """Any organisation with this slug, whatever its status (for a partner's dashboard)."""
    if not slug:
        return None
    return db.session.scalar(
        select(Partner).where(Partner.slug == slug, Partner.status != Status.TRASHED)
    )
