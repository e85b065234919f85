"""Reading the directory: search with facets, facet pages, the balance of the partnership."""

import math
from collections import defaultdict
from dataclasses import dataclass, field
from types import SimpleNamespace

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    cast,
    func,
    inspect,
    literal,
    select,
    union_all,
)

from app.editing.models import Status
from app.export.state import shared_by_run
from app.extensions import db
from app.partners import search
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


def _conditions(query: Query, columns: dict, leave_out: str | None = None) -> list:
    """Facet conditions of ``query`` over ``columns`` (group, country, role, id); the facet
    named ``leave_out`` is the one being counted, whose own choice must not narrow its
    counts (ticking one group still shows how many the others have)."""
    conditions = []
    for facet in ("group", "country", "role"):
        if query.selected(facet) and leave_out != facet:
            conditions.append(columns[facet].in_(query.selected(facet)))
    if query.sdg and leave_out != "sdg":
        conditions.append(in_goals(columns["id"], query.sdg))
    return conditions


def search_partners(query: Query) -> Results:
    """One page of published organisations matching ``query``, with every facet's counts.

    Two statements: the counts (total and facets, over one shared set of matches) and the
    ranked page.
    """
    matches = search.matching(query.text)
    counts = _counts(query, matches)
    total = counts["total"].get("", 0)
    page = min(query.page, max(1, math.ceil(total / PER_PAGE)))
    columns = {
        "group": Partner.stakeholder_group,
        "country": Partner.country,
        "role": Partner.role,
        "id": Partner.id,
    }
    listing = select(Partner).where(published(), *_conditions(query, columns))
    if matches is not None:
        if matches.join is not None:
            # The join keeps only the matches already: the search runs once, not twice.
            listing = listing.join(matches.join, matches.join.c.organisation_id == Partner.id)
        else:
            listing = listing.where(matches.where)
        listing = listing.order_by(*matches.order_by)
    listing = listing.order_by(*directory_order())
    organisations = list(db.session.scalars(listing.limit(PER_PAGE).offset((page - 1) * PER_PAGE)))
    query.page = page
    return Results(query, organisations, total, _facets(query, counts))


def _counts(query: Query, matches) -> dict[str, dict]:
    """{"total": {"": n}, "group": {value: n}, "country": ..., "role": ..., "sdg": ...}."""
    if matches is None:
        # Every published partner: counted straight from the covering index.
        source, base_conditions = Partner.__table__, [published()]
        columns = {
            "group": source.c.stakeholder_group,
            "country": source.c.country,
            "role": source.c.role,
            "id": source.c.id,
        }
    else:
        # The matches, found once and shared by every part below.
        source = (
            select(
                Partner.id,
                Partner.stakeholder_group.label("group"),
                Partner.country,
                Partner.role,
            )
            .where(published(), matches.where)
            .cte("base")
        )
        base_conditions = []
        columns = {
            "group": source.c.group,
            "country": source.c.country,
            "role": source.c.role,
            "id": source.c.id,
        }

    def part(name: str, value, leave_out: str | None = None, join=None):
        statement = select(literal(name, String).label("facet"), value, func.count())
        statement = statement.select_from(join if join is not None else source)
        return statement.where(*base_conditions, *_conditions(query, columns, leave_out))

    parts = [part("total", literal("", String).label("value"))]
    for facet in ("group", "country", "role"):
        parts.append(part(facet, columns[facet], facet).group_by(columns[facet]))
    # Grouped by the text of the goal, not the indexed goal itself: otherwise SQLite walks
    # the goal index over every partner instead of looking up the matching ones.
    goal = cast(PartnerSdg.goal, String)
    with_goals = source.join(PartnerSdg, PartnerSdg.organisation_id == columns["id"])
    parts.append(part("sdg", goal, "sdg", join=with_goals).group_by(goal))

    counts: dict[str, dict] = {name: {} for name in ("total", *FACETS)}
    for facet, value, count in db.session.execute(union_all(*parts)):
        counts[facet][int(value) if facet == "sdg" else value] = count
    return counts


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
