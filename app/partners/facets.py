"""Pages that list everyone in one stakeholder group, country or SDG, a hundred at a time.

A facet page lists its partners by name in pages of ``FACET_PAGE_SIZE`` (the first at
``/partners/group/<group>/``, the next at ``.../page/2/``), so that each stays small on a
slow connection and an edit re-renders only the page that shows the partner. In the
export a facet page depends on what it shows (see ``depends_on(..., shown=...)``): the
fields of the card of each partner it lists and the members of its facet in order. An
edit that leaves a partner's card as it was (a new contact, a longer description)
re-renders no facet page, in any language; one that changes it re-renders the pages that
show the card; one that adds, removes or moves a partner re-renders the pages of the
facets it left and joined.
"""

import math
from dataclasses import dataclass

from flask import abort, current_app
from markupsafe import Markup
from sqlalchemy import ColumnElement, func, select

from app.export.state import depends_on, group_key, is_exporting, shared_by_run
from app.extensions import db
from app.i18n import current_language
from app.partners.models import Partner, PartnerSdg
from app.partners.services import (
    directory_order,
    in_goals,
    published,
    published_organisations,
)
from app.translating.services import localise

FACET_PAGE_SIZE = 100
RECORD_TYPE = "partner"
FACETS = ("group", "country", "sdg")


@dataclass
class FacetPage:
    organisations: list[Partner]
    total: int
    page: int
    pages: int


def _condition(facet: str, value: str | int) -> ColumnElement[bool]:
    if facet == "group":
        return Partner.stakeholder_group == value
    if facet == "country":
        return Partner.country == value
    return in_goals(Partner.id, [int(value)])


def facet_members(facet: str, value: str | int) -> list[int]:
    """The ids of the published partners of one facet value, in the order pages list them.

    Read once per export run: each page of the list asks, in every language, so a large
    group would otherwise be read again for every page of it in every language.
    """

    def read() -> list[int]:
        return list(
            db.session.scalars(
                select(Partner.id)
                .where(published(), _condition(facet, value))
                .order_by(func.lower(Partner.name), Partner.id)
            )
        )

    return shared_by_run(f"partners.facet_members:{facet}={value}", read)


def page_count(total: int) -> int:
    return max(1, math.ceil(total / FACET_PAGE_SIZE))


def facet_page(facet: str, value: str | int, page: int) -> FacetPage:
    """One page of the partners of a facet value; 404 past the last page.

    The page depends on the facet's members in order (their number, and which fall on
    this page) and on the card of each partner it shows.
    """
    members = facet_members(facet, value)
    depends_on(RECORD_TYPE, of=(facet, value), shown=_members_text(members))
    pages = page_count(len(members))
    if page < 1 or page > pages:
        abort(404)
    shown = members[(page - 1) * FACET_PAGE_SIZE : page * FACET_PAGE_SIZE]
    return FacetPage(_organisations(shown), len(members), page, pages)


# What a partner's card (partners/_card.html) shows of it. In every language the card
# is these fields, in that language's words; a translation of them is a dependency of its
# own (depends_on adds it on a page in another language).
CARD_FIELDS = (
    "slug", "name", "short_name", "stakeholder_group", "country", "country_name", "city",
    "role", "left_on", "sdgs",
)  # fmt: skip


def card_fields(organisation: Partner) -> str:
    """The fields a card shows, as text: the same for every language's card, so that an
    edit no card shows re-renders no facet page in any language (the card itself differs
    by language, and what a page showed is compared with what it would show now)."""
    return "\t".join(str(getattr(organisation, name)) for name in CARD_FIELDS)


def facet_cards(organisations: list[Partner]) -> list[Markup]:
    """The cards of a facet page; the page depends on the fields each card shows."""
    cards = []
    for organisation in organisations:
        depends_on(RECORD_TYPE, organisation.id, shown=card_fields(organisation))
        cards.append(partner_card(organisation))
    return cards


def partner_card(organisation: Partner) -> Markup:
    """A partner's entry in a list (``directory/_card.html``).

    A partner is listed on five facet pages or so; the export renders its card once in
    each language (its words and links are the page's language).
    """
    return shared_by_run(
        f"partners.card:{current_language()}:{organisation.id}",
        lambda: Markup(  # noqa: S704  # nosec B704 (a template's output, escaped by Jinja)
            current_app.jinja_env.get_template("partners/_card.html").render(
                organisation=localise(organisation)
            )
        ),
    )


# The published organisations by id that the run's facet pages listed; the export's
# bulk loader gives every one at once.
BY_ID = "partners.published_by_id"


def _organisations(ids: list[int]) -> list[Partner]:
    by_id = shared_by_run(BY_ID, dict)
    missing = [id_ for id_ in ids if id_ not in by_id]
    if missing:
        listed = db.session.scalars(select(Partner).where(Partner.id.in_(missing)))
        by_id.update((organisation.id, organisation) for organisation in listed)
    return [by_id[id_] for id_ in ids]


def published_by_id() -> dict[int, Partner]:
    """Every published organisation by id: ``BY_ID`` for an export of many pages."""
    return {organisation.id: organisation for organisation in published_organisations()}


def _members_text(members: list[int]) -> str:
    return " ".join(map(str, members))


# The pages of the whole directory (/partners/, /partners/page/2/, ...) as one group.
DIRECTORY = ("directory", "all")


def directory_text() -> str:
    """What the pages of the whole directory show of all partners together: which are
    listed, in which order (so which fall on each page, and how many pages there are), and
    what the counts and charts beside the list count (group, country, region, goals).

    A page of the directory depends on this text and on the cards it lists, as a facet page
    does: an edit that changes neither (a description, a contact) re-renders none of the
    hundreds of directory pages of a large coalition.
    """

    def read() -> str:
        goals: dict[int, list[int]] = {}
        for organisation_id, goal in db.session.execute(
            select(PartnerSdg.organisation_id, PartnerSdg.goal).order_by(PartnerSdg.goal)
        ):
            goals.setdefault(organisation_id, []).append(goal)
        rows = db.session.execute(
            select(Partner.id, Partner.stakeholder_group, Partner.country, Partner.region)
            .where(published())
            .order_by(*directory_order())
        )
        return "\n".join(
            f"{id_}\t{group}\t{country}\t{region}\t{goals.get(id_, [])}"
            for id_, group, country, region in rows
        )

    return shared_by_run("partners.directory_text", read)


def directory_depends_on(organisations: list[Partner]) -> None:
    """Record, in the export, what a page of the whole directory listing ``organisations``
    shows: the directory as a whole (``directory_text``) and each partner's card. The
    live site records nothing, so it reads nothing for it either."""
    if not is_exporting():
        return
    # Translations change neither the order nor the counts; each card depends on its own.
    depends_on(RECORD_TYPE, of=DIRECTORY, shown=directory_text(), translated=False)
    for organisation in organisations:
        depends_on(RECORD_TYPE, organisation.id, shown=card_fields(organisation))


def shown_now(keys: list[str]) -> dict[str, str]:
    """What facet pages rendered now would show of these partners and facets.

    ``organisation:42`` gives the fields its card shows (nothing once unpublished);
    ``organisation:group=academia`` gives the facet's members in order, and
    ``organisation:directory=all`` the whole directory's ``directory_text``.
    """
    now: dict[str, str] = {}
    ids = []
    facets_asked = set()
    for key in keys:
        record = key.partition(":")[2]
        facet, equals, _value = record.partition("=")
        if equals and facet in FACETS:  # the A–Z index answers for its own group
            facets_asked.add(facet)
        elif key == group_key(RECORD_TYPE, *DIRECTORY):
            now[key] = directory_text()
        elif record.isdigit():
            ids.append(int(record))
    for facet in facets_asked:
        for value, members in _all_members(facet).items():
            now[f"{RECORD_TYPE}:{facet}={value}"] = _members_text(members)
    for organisation in db.session.scalars(select(Partner).where(Partner.id.in_(ids), published())):
        now[f"{RECORD_TYPE}:{organisation.id}"] = card_fields(organisation)
    return now


def _all_members(facet: str) -> dict[str, list[int]]:
    """``facet_members`` of every value of a facet, in one query."""
    if facet == "sdg":
        value = PartnerSdg.goal
        statement = select(value, Partner.id).join(
            PartnerSdg, PartnerSdg.organisation_id == Partner.id
        )
    else:
        value = Partner.stakeholder_group if facet == "group" else Partner.country
        statement = select(value, Partner.id)
    members: dict[str, list[int]] = {}
    for found, id_ in db.session.execute(
        statement.where(published()).order_by(func.lower(Partner.name), Partner.id)
    ):
        members.setdefault(str(found), []).append(id_)
    return members
