"""Partners in site search and the A–Z index.

Search uses the directory's own full-text search (``app.partners.search``), so both
searches agree on who matches.
"""

from collections.abc import Iterable, Iterator

from flask import current_app, url_for
from sqlalchemy import select

from app.editing.models import Status
from app.export.state import depends_on
from app.extensions import db
from app.i18n import url_builder
from app.partners import search as directory_search
from app.partners.models import Partner
from app.search.sources import Entry, records
from app.search.text import plain_text


def partner_entries(terms: list[str] | None, text: str) -> Iterable[Entry]:
    if terms is None:
        yield from _partner_index()
        return
    depends_on(Partner.record_type)
    statement = select(Partner).where(Partner.status == Status.PUBLISHED)
    statement = statement.order_by(Partner.name, Partner.id)
    matches = directory_search.matching(text)
    if matches is None:
        return
    for partner in records(statement.where(matches.where), terms):
        yield Entry(
            "partner",
            _partner_title(partner.name, partner.short_name),
            url_for("partners.partner", slug=partner.slug),
            plain_text(partner.city, partner.country_name, partner.description),
        )


def _partner_title(name: str, short_name: str | None) -> str:
    return name + (f" ({short_name})" if short_name else "")


def _partner_index() -> Iterator[Entry]:
    """Every published partner for the A–Z index: its name and address, nothing more.

    Read as columns rather than records, and their addresses built with one URL adapter,
    since a coalition may have thousands.
    """
    build_url = url_builder(current_app)
    rows = db.session.execute(
        select(Partner.name, Partner.short_name, Partner.slug)
        .where(Partner.status == Status.PUBLISHED)
        .order_by(Partner.name, Partner.id)
    )
    for name, short_name, slug in rows:
        yield Entry(
            "partner",
            _partner_title(name, short_name),
            build_url("partners.partner", slug=slug),
        )
