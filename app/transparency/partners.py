"""Partners named in the transparency record, by their slug in the partner directory.

Meetings, actions, funding and governance bodies refer to organisations by slug, so they
do not depend on the directory's tables. Every name and link shown for a slug comes from
this module: when the directory is installed (an editable kind ``organisation``), a
published organisation's name and page are used; otherwise, or for a slug the directory
does not know, the slug itself is shown, without a link.
"""

from dataclasses import dataclass

from flask import g
from markupsafe import Markup, escape
from sqlalchemy import select

from app.editing.models import Status
from app.editing.registry import all_kinds
from app.export import depends_on
from app.extensions import db


@dataclass(frozen=True)
class Partner:
    slug: str
    name: str
    url: str | None  # the organisation's public page, if the directory has one
    record_id: int | None = None  # the directory's record, if it has one


def _directory() -> dict[str, Partner]:
    """Every published organisation, read once per request (or app context)."""
    if "transparency_partners" not in g:
        kind = all_kinds().get("organisation")
        partners: dict[str, Partner] = {}
        if kind is not None:
            model = kind.model
            for record in db.session.scalars(select(model).where(model.status == Status.PUBLISHED)):
                partners[record.slug] = Partner(
                    record.slug, kind.title_of(record), kind.public_url(record), record.id
                )
        g.transparency_partners = partners
    return g.transparency_partners


def directory_installed() -> bool:
    return "organisation" in all_kinds()


def partner(slug: str) -> Partner:
    """The partner a slug names; unknown slugs come back with the slug as their name.

    A page being exported depends on the organisation it names; a slug the directory
    does not know yet makes it depend on every organisation, since one may be published
    under that slug.
    """
    found = _directory().get(slug)
    kind = all_kinds().get("organisation")
    if kind is not None:
        depends_on(kind.record_type, found.record_id if found else None)
    return found or Partner(slug, slug, None)


def partner_name(slug: str) -> str:
    return partner(slug).name


def partner_link(slug: str) -> Markup:
    """HTML for a partner: a link to its directory page, or its name (escaped) without one."""
    found = partner(slug)
    if found.url:
        return Markup('<a href="{}">{}</a>').format(found.url, found.name)
    return Markup("<span>{}</span>").format(escape(found.name))


def unknown_slugs(slugs: list[str]) -> list[str]:
    """Slugs the installed directory has no organisation for (none without a directory).

    Drafts count as known: a coordinator may record a new partner's attendance before the
    partner's entry is published; the public pages then show the slug until it is.
    """
    kind = all_kinds().get("organisation")
    if kind is None or not slugs:
        return []
    model = kind.model
    known = set(
        db.session.scalars(
            select(model.slug).where(model.slug.in_(slugs), model.status != Status.TRASHED)
        )
    )
    return [slug for slug in slugs if slug not in known]


def register(app) -> None:
    app.add_template_global(partner_link)
    app.add_template_global(partner_name)
