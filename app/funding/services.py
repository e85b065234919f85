"""Funding totals and shares, computed exactly (``Decimal``) from the published records.

Amounts in different currencies are never added together: every total and share is per
currency, since no exchange rate would be neutral.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select

from app.editing.models import Status
from app.export.state import depends_on
from app.extensions import db
from app.funding.models import FundingSource, FundingType
from app.reports.models import Report
from app.transparency.export import record_ids

HUNDRED = Decimal(100)
# Above this share of one currency's funding, the page says the partnership depends on
# one funder: losing it would cut more than half the budget.
DEPENDENCY_SHARE = Decimal(50)


def percent(part: Decimal, whole: Decimal) -> Decimal:
    """``part`` as a percentage of ``whole``, to one decimal place."""
    if not whole:
        return Decimal(0)
    return (part * HUNDRED / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Share:
    funder_slug: str
    amount: Decimal
    percent: Decimal


@dataclass
class CurrencyTotal:
    """What one currency adds up to, over a year or over every year."""

    currency: str
    total: Decimal = Decimal(0)
    by_type: dict[str, Decimal] = field(default_factory=dict)
    shares: list[Share] = field(default_factory=list)  # largest first
    first_year: int | None = None
    last_year: int | None = None

    @property
    def largest(self) -> Share | None:
        return self.shares[0] if self.shares else None

    @property
    def depends_on_one_funder(self) -> bool:
        return self.largest is not None and self.largest.percent > DEPENDENCY_SHARE


@dataclass
class YearTotals:
    year: int
    currencies: list[CurrencyTotal]


@dataclass
class FundingOverview:
    sources: list[FundingSource]
    years: list[YearTotals]  # latest year first
    overall: list[CurrencyTotal]  # every year together, one per currency


def total_of(sources: list[FundingSource], currency: str) -> CurrencyTotal:
    """Total, split by type and by funder, of the sources in ``currency``."""
    result = CurrencyTotal(currency)
    by_funder: dict[str, Decimal] = defaultdict(Decimal)
    by_type: dict[str, Decimal] = defaultdict(Decimal)
    years = set()
    for source in sources:
        if source.currency != currency:
            continue
        years.add(source.year)
        result.total += source.amount
        by_funder[source.funder_slug] += source.amount
        by_type[source.funding_type.value] += source.amount
    result.first_year, result.last_year = (min(years), max(years)) if years else (None, None)
    result.by_type = {t.value: by_type[t.value] for t in FundingType if t.value in by_type}
    result.shares = sorted(
        (Share(slug, amount, percent(amount, result.total)) for slug, amount in by_funder.items()),
        key=lambda share: (-share.amount, share.funder_slug),
    )
    return result


def currencies_of(sources: list[FundingSource]) -> list[str]:
    """Currencies in use, the one with the most records first."""
    counts: dict[str, int] = defaultdict(int)
    for source in sources:
        counts[source.currency] += 1
    return sorted(counts, key=lambda currency: (-counts[currency], currency))


def overview(sources: list[FundingSource]) -> FundingOverview:
    currencies = currencies_of(sources)
    by_year: dict[int, list[FundingSource]] = defaultdict(list)
    for source in sources:
        by_year[source.year].append(source)
    years = [
        YearTotals(
            year,
            [
                total_of(by_year[year], currency)
                for currency in currencies
                if any(s.currency == currency for s in by_year[year])
            ],
        )
        for year in sorted(by_year, reverse=True)
    ]
    return FundingOverview(
        sources=sources,
        years=years,
        overall=[total_of(sources, currency) for currency in currencies],
    )


def published_sources() -> list[FundingSource]:
    depends_on(FundingSource.record_type)
    sources = list(
        db.session.scalars(
            select(FundingSource)
            .where(FundingSource.status == Status.PUBLISHED)
            .order_by(FundingSource.year.desc(), FundingSource.funder_slug, FundingSource.id)
        )
    )
    for source in sources:  # shown with the title of the report it is accounted in
        if source.report_id is not None:
            depends_on(Report.record_type, source.report_id)
    return sources


def funding_accounted_in(report: Report) -> list[FundingSource]:
    depends_on(FundingSource.record_type, of=(Report.record_type, report.id))
    sources = list(
        db.session.scalars(
            select(FundingSource)
            .where(FundingSource.report_id == report.id, FundingSource.status == Status.PUBLISHED)
            .order_by(FundingSource.year.desc(), FundingSource.funder_slug)
        )
    )
    for source in sources:  # one moved to another report leaves this page
        depends_on(FundingSource.record_type, source.id)
    return sources


def reports_of_sources(ids: list[str]) -> list[tuple[str, int]]:
    """The report each of these funding sources is accounted in: its page lists them."""
    found = db.session.scalars(
        select(FundingSource.report_id).where(
            FundingSource.id.in_(record_ids(ids)), FundingSource.report_id.is_not(None)
        )
    )
    return [(Report.record_type, report_id) for report_id in set(found)]
