"""Funding sources in the Atom feeds."""

from flask import url_for

from app.feeds.entries import Entry, feed_entry, latest_published
from app.funding.models import FundingSource
from app.transparency.formats import money
from app.transparency.history import public_changes_of
from app.transparency.partners import partner_name


def funding_entries() -> list[Entry]:
    sources = latest_published(FundingSource)
    changes = public_changes_of(sources)
    return [
        feed_entry(
            source,
            "funding",
            f"{partner_name(source.funder_slug)}: {money(source.amount, source.currency)} "
            f"({source.year})",
            url_for("funding.index", _anchor=f"funding-{source.id}"),
            f"{source.funding_type.value.capitalize()}. {source.purpose}",
            changes,
        )  # fmt: skip
        for source in sources
    ]
