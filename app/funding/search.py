"""Funding sources in site search (lines of the funding page, not in the A–Z index)."""

from collections.abc import Iterable

from flask import url_for

from app.export.state import depends_on
from app.funding.models import FundingSource
from app.partners.models import Partner
from app.search.sources import Entry, published_containing
from app.search.text import plain_text


def funding_entries(terms: list[str] | None, text: str) -> Iterable[Entry]:
    depends_on(FundingSource.record_type)
    depends_on(Partner.record_type)  # the funder's name comes from the directory
    sources = published_containing(
        FundingSource, terms, FundingSource.purpose, FundingSource.funder_slug
    )
    for source in sources:
        yield Entry(
            "funding",
            source.title,
            url_for("funding.index", _anchor=f"funding-{source.id}"),
            plain_text(source.purpose),
        )
