"""Reading the directory: search with facets, facet pages, the balance of the partnership."""

import math
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, Select, func, select

from app.directory import search
from app.directory.models import Organisation, OrganisationSdg
from app.directory.vocab import GROUPS, ROLES, SDGS, countries, group_label, role_label
from app.editing.models import Status
from app.extensions import db

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
        return cls(
            text=(args.get("q") or "").strip()[:200],
            group=[v for v in args.getlist("group") if v in GROUPS],
            country=[v.upper() for v in args.getlist("country") if v.upper() in country_codes],
            sdg=sorted({int(v) for v in args.getlist("sdg") if v.isdigit() and int(v) in SDGS}),
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
    organisations: list[Organisation]
    total: int
    facets: dict[str, list[FacetValue]]

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / PER_PAGE))


def published() -> ColumnElement[bool]:
    return Organisation.status == Status.PUBLISHED


def _conditions(query: Query, matches, leave_out: str | None = None) -> list:
    """WHERE conditions for the query; ``leave_out`` names the facet being counted, whose
    own selection must not narrow its counts (choosing one group still shows the others)."""
    conditions = [published()]
    if matches is not None:
        conditions.append(Organisation.id.in_(matches.ids))
    if query.group and leave_out != "group":
        conditions.append(Organisation.stakeholder_group.in_(query.group))
    if query.country and leave_out != "country":
        conditions.append(Organisation.country.in_(query.country))
    if query.role and leave_out != "role":
        conditions.append(Organisation.role.in_(query.role))
    if query.sdg and leave_out != "sdg":
        conditions.append(
            Organisation.id.in_(
                select(OrganisationSdg.organisation_id).where(OrganisationSdg.goal.in_(query.sdg))
            )
        )
    return conditions


def search_partners(query: Query) -> Results:
    """One page of published organisations matching ``query``, with every facet's counts."""
    matches = search.matching(query.text)
    conditions = _conditions(query, matches)
    total = db.session.scalar(select(func.count()).select_from(Organisation).where(*conditions))
    page = min(query.page, max(1, math.ceil(total / PER_PAGE)))
    listing = select(Organisation).where(*conditions)
    if matches is not None:
        ranked = matches.subquery
        listing = listing.join(ranked, ranked.c.organisation_id == Organisation.id).order_by(
            ranked.c.name_hit.desc(), ranked.c.score
        )
    listing = listing.order_by(func.lower(Organisation.name), Organisation.id)
    organisations = list(db.session.scalars(listing.limit(PER_PAGE).offset((page - 1) * PER_PAGE)))
    query.page = page
    return Results(query, organisations, total, facet_counts(query, matches))


def facet_counts(query: Query, matches) -> dict[str, list[FacetValue]]:
    """For each facet, the values found with their counts (the selected ones always)."""
    columns = {
        "group": Organisation.stakeholder_group,
        "country": Organisation.country,
        "role": Organisation.role,
    }
    found: dict[str, dict] = {}
    for facet, column_ in columns.items():
        rows = db.session.execute(
            select(column_, func.count())
            .where(*_conditions(query, matches, leave_out=facet))
            .group_by(column_)
        )
        found[facet] = dict(rows.all())
    rows = db.session.execute(
        select(OrganisationSdg.goal, func.count())
        .join(Organisation, Organisation.id == OrganisationSdg.organisation_id)
        .where(*_conditions(query, matches, leave_out="sdg"))
        .group_by(OrganisationSdg.goal)
    )
    found["sdg"] = dict(rows.all())

    names = countries()
    labels = {
        "group": GROUPS,
        "role": ROLES,
        "sdg": {goal: f"{goal}. {label}" for goal, label in SDGS.items()},
        "country": names,
    }
    facets = {}
    for facet in FACETS:
        counts, chosen = found[facet], query.selected(facet)
        values = [
            FacetValue(value, str(label), counts.get(value, 0), value in chosen)
            for value, label in labels[facet].items()
            if counts.get(value) or value in chosen
        ]
        facets[facet] = values
    return facets


# --- Pages that list everyone in one group, country or SDG ---------------------------------


def _listing(*conditions) -> list[Organisation]:
    return list(
        db.session.scalars(
            select(Organisation)
            .where(published(), *conditions)
            .order_by(func.lower(Organisation.name), Organisation.id)
        )
    )


def partners_in_group(group: str) -> list[Organisation]:
    return _listing(Organisation.stakeholder_group == group)


def partners_in_country(code: str) -> list[Organisation]:
    return _listing(Organisation.country == code)


def partners_working_on(goal: int) -> list[Organisation]:
    return _listing(
        Organisation.id.in_(
            select(OrganisationSdg.organisation_id).where(OrganisationSdg.goal == goal)
        )
    )


def published_organisation(slug: str) -> Organisation | None:
    return db.session.scalar(select(Organisation).where(Organisation.slug == slug, published()))


def published_organisations() -> list[Organisation]:
    return _listing()


def browse_links() -> dict[str, list[tuple[str, str, int]]]:
    """(value, label, count) for each group, country and SDG with published partners."""

    def counts(statement: Select) -> dict:
        return dict(db.session.execute(statement).all())

    groups = counts(
        select(Organisation.stakeholder_group, func.count())
        .where(published())
        .group_by(Organisation.stakeholder_group)
    )
    in_country = counts(
        select(Organisation.country, func.count()).where(published()).group_by(Organisation.country)
    )
    goals = counts(
        select(OrganisationSdg.goal, func.count())
        .join(Organisation, Organisation.id == OrganisationSdg.organisation_id)
        .where(published())
        .group_by(OrganisationSdg.goal)
    )
    names = countries()
    return {
        "group": [(g, group_label(g), groups[g]) for g in GROUPS if g in groups],
        "country": [
            (c.lower(), name, in_country[c]) for c, name in names.items() if c in in_country
        ],
        "sdg": [(str(n), f"{n}. {SDGS[n]}", goals[n]) for n in SDGS if n in goals],
    }


def slug_taken(slug: str, except_id: int | None = None) -> bool:
    statement = select(Organisation.id).where(Organisation.slug == slug)
    if except_id is not None:
        statement = statement.where(Organisation.id != except_id)
    return db.session.scalar(statement) is not None


def organisation_for_slug(slug: str | None) -> Organisation | None:
    """Any organisation with this slug, whatever its status (for a partner's dashboard)."""
    if not slug:
        return None
    return db.session.scalar(
        select(Organisation).where(Organisation.slug == slug, Organisation.status != Status.TRASHED)
    )


__all__ = ["role_label"]
