"""Funding sources as open data; amounts are exact decimal texts, never floats."""

from urllib.parse import urljoin

from flask import url_for

from app.funding.services import published_sources
from app.transparency.partners import partner_name

FUNDING_FIELDS = (
    "id", "year", "funder_slug", "funder", "type", "amount", "currency", "period_start",
    "period_end", "purpose", "report_url", "published_at", "last_updated_at",
)  # fmt: skip


def funding_rows() -> list[dict]:
    home = url_for("home.index", _external=True)
    return [
        {
            "id": source.id,
            "year": source.year,
            "funder_slug": source.funder_slug,
            "funder": partner_name(source.funder_slug),
            "type": source.funding_type.value,
            "amount": source.amount,
            "currency": source.currency,
            "period_start": source.period_start,
            "period_end": source.period_end,
            "purpose": source.purpose,
            "report_url": urljoin(home, url_for("reports.report", slug=source.report.slug))
            if source.report and source.report.is_published
            else "",
            "published_at": source.published_at,
            "last_updated_at": source.last_published_at,
        }
        for source in reversed(published_sources())
    ]
