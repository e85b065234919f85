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
from app.export.state import depends_on
from app.extensions import db
from app.i18n import current_language
from app.translating.services import localise


@dataclass(frozen=True)
class PartnerLink:
    slug: str
    name: str
    url: str | None  # the organisation's public page, if the directory has one
    record_id: int | None = None  # the directory's record, if it has one


def _published() -> dict[str, object]:
    """Every published organisation by slug, read once per request (or app context)."""
    if "transparency_partners" not in g:
        kind = all_kinds().get("partner")
        records = {}
        if kind is not None:
            model = kind.model
            for record in db.session.scalars(select(model).where(model.status == Status.PUBLISHED)):
                records[record.slug] = record
        g.transparency_partners = records
    return g.transparency_partners


def directory_installed() -> bool:
    return "partner" in all_kinds()


def partner(slug: str) -> PartnerLink:
    """The partner a slug names; unknown slugs come back with the slug as their name.

    A page being exported depends on the organisation it names; a slug the directory
    does not know yet makes it depend on every organisation, since one may be published
    under that slug.
    """
    return _partner(slug, localised=False)


def _partner(slug: str, localised: bool) -> PartnerLink:
    record = _published().get(slug)
    kind = all_kinds().get("partner")
    if kind is not None:
        depends_on(kind.record_type, record.id if record is not None else None)
    if record is None:
        return PartnerLink(slug, slug, None)
    if not localised:
        return PartnerLink(slug, kind.title_of(record), kind.public_url(record), record.id)
    # The same owners come back on every line of the register: each is localised once per
    # request (or export run, which shares g) and language.
    links = g.setdefault("transparency_partner_links", {})
    key = (slug, current_language())
    if key not in links:
        shown = localise(record)
        links[key] = PartnerLink(slug, kind.title_of(shown), kind.public_url(record), record.id)
    return links[key]


def partner_name(slug: str) -> str:
    """The partner's name in the default language: for data files, feeds' fixed text and
    the coordinators' lists."""
    return partner(slug).name


def shown_partner_name(slug: str) -> str:
    """The partner's name as a public page in the current language shows it."""
    return _partner(slug, localised=True).name


def partner_link(slug: str) -> Markup:
    """HTML for a partner on a public page: a link to its directory page with its name in
    the page's language, or its name (escaped) without one."""
    found = _partner(slug, localised=True)
    if found.url:
        return Markup('<a href="{}">{}</a>').format(found.url, found.name)
    return Markup("<span>{}</span>").format(escape(found.name))


def unknown_slugs(slugs: list[str]) -> list[str]:
    """Slugs the installed directory has no organisation for (none without a directory).

    Drafts count as known: a coordinator may record a new partner's attendance before the
    partner's entry is published; the public pages then show the slug until it is.
    """
    kind = all_kinds().get("partner")
    if kind is None or not slugs:
        return []
    model = kind.model
    known = set(
        db.session.scalars(
            select(model.slug).where(model.slug.in_(slugs), model.status != Status.TRASHED)
        )
    )
    return [slug for slug in slugs if slug not in known]


def init_app(app) -> None:
    app.add_template_global(partner_link)
    # Templates are the public pages: they show names in the page's language.
    app.add_template_global(shown_partner_name, "partner_name")
