"""Where the partnership's money comes from: one record per contribution and year."""

import enum
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import ForeignKey, String, TypeDecorator
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.editing.models import Editable, enum_column
from app.extensions import db
from app.reports.models import Report


class DecimalText(TypeDecorator):
    """An exact decimal amount, stored as its text ("250000.00").

    SQLite has no decimal type (SQLAlchemy would go through floating point), and revision
    snapshots are JSON; text keeps every digit on both databases. Sums are done in Python
    with ``Decimal``, never in SQL.
    """

    impl = String(32)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect) -> str | None:
        if value is None:
            return None
        return format(Decimal(str(value)), "f")

    def process_result_value(self, value: str | None, dialect) -> Decimal | None:
        return Decimal(value) if value is not None else None


class FundingType(enum.StrEnum):
    GRANT = "grant"
    MEMBERSHIP_FEE = "membership fee"
    IN_KIND = "in-kind"


class FundingSource(Editable, db.Model):
    """An amount received from one funder, counted in one financial year."""

    record_type = "funding"
    edit_fields = ("funder_slug", "funding_type", "amount", "currency", "year",
                   "period_start", "period_end", "purpose", "report_id")  # fmt: skip
    translatable_fields = ("purpose",)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The funder, by its slug in the partner directory.
    funder_slug: Mapped[str] = mapped_column(String(120), default="", index=True)
    funding_type: Mapped[FundingType] = enum_column(FundingType, default=FundingType.GRANT)
    amount: Mapped[Decimal] = mapped_column(DecimalText)
    currency: Mapped[str] = mapped_column(String(3), default="USD")  # ISO 4217
    # The financial year the amount is accounted in; totals are per year and currency.
    year: Mapped[int] = mapped_column(index=True)
    period_start: Mapped[date | None]
    period_end: Mapped[date | None]
    # What the money is earmarked for; empty for core, unrestricted funding.
    purpose: Mapped[str] = mapped_column(String(300), default="")
    # The financial report this amount is accounted in.
    report_id: Mapped[int | None] = mapped_column(ForeignKey("report.id", ondelete="SET NULL"))

    report: Mapped[Report | None] = relationship(lazy="joined")

    @property
    def title(self) -> str:
        from app.transparency.formats import money
        from app.transparency.partners import partner_name

        # The amount as the reader writes money ("60 000,00 €" in French), as the funding
        # page shows it.
        return f"{partner_name(self.funder_slug)}, {self.year}: {money(self.amount, self.currency)}"

    @property
    def covers_its_year(self) -> bool:
        """True when the period is exactly the calendar year the amount is counted in."""
        return (self.period_start, self.period_end) == (
            date(self.year, 1, 1),
            date(self.year, 12, 31),
        )

    def snapshot(self) -> dict[str, Any]:
        values = super().snapshot()
        if values.get("amount") is not None:
            values["amount"] = format(Decimal(str(values["amount"])), "f")
        return values
