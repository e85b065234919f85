"""Finding published reports, filtered by type and year."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from app.editing.models import Status
from app.export.state import depends_on
from app.extensions import db
from app.reports.models import Report, ReportType


@dataclass(frozen=True)
class ReportFilters:
    report_type: str = ""
    year: int | None = None

    @classmethod
    def from_args(cls, args) -> "ReportFilters":
        report_type = args.get("type", "")
        year = args.get("year", "")
        # ASCII digits only: str.isdigit() also accepts "²", which int() refuses.
        year = year if year.isascii() else ""
        return cls(
            report_type=report_type if report_type in {t.value for t in ReportType} else "",
            year=int(year)
            if year.isascii() and year.isdigit() and 1900 < int(year) < 3000
            else None,
        )

    @property
    def is_empty(self) -> bool:
        return not (self.report_type or self.year)


def search_reports(filters: ReportFilters) -> list[Report]:
    """Published reports of the chosen type and year of issue, newest first."""
    depends_on(Report.record_type)
    query = select(Report).where(Report.status == Status.PUBLISHED)
    if filters.report_type:
        query = query.where(Report.report_type == ReportType(filters.report_type))
    if filters.year:
        query = query.where(
            Report.issued_on >= date(filters.year, 1, 1),
            Report.issued_on < date(filters.year + 1, 1, 1),
        )
    return list(db.session.scalars(query.order_by(Report.issued_on.desc(), Report.title)))


def report_years() -> list[int]:
    depends_on(Report.record_type)
    issued = db.session.scalars(
        select(Report.issued_on).where(Report.status == Status.PUBLISHED).distinct()
    )
    return sorted({day.year for day in issued}, reverse=True)


def report_types_in_use() -> set[str]:
    depends_on(Report.record_type)
    return {
        report_type.value
        for report_type in db.session.scalars(
            select(Report.report_type).where(Report.status == Status.PUBLISHED).distinct()
        )
    }


def published_report(slug: str) -> Report | None:
    report = db.session.scalar(
        select(Report).where(Report.slug == slug, Report.status == Status.PUBLISHED)
    )
    if report is not None:
        depends_on(Report.record_type, report.id)
    return report


def published_report_count() -> int:
    return db.session.scalar(
        select(func.count()).select_from(Report).where(Report.status == Status.PUBLISHED)
    )


@dataclass
class Facet:
    """A pre-rendered view of the list (a type, a year), as a plain link."""

    label: str
    url: str
    current: bool = False


def facets(
    filters: ReportFilters, report_types: list[tuple[str, str]], years: list[int]
) -> dict[str, list[Facet]]:
    """Links to the list's pre-rendered views, for readers of the static export, where no
    server answers the filter form: one page per type and per year in use."""
    from flask import url_for

    return {
        "type": [
            Facet(
                str(label),
                url_for("reports.of_type", report_type=value),
                filters.report_type == value,
            )
            for value, label in report_types
        ],
        "year": [
            Facet(str(year), url_for("reports.year", year=year), filters.year == year)
            for year in years
        ],
    }


def latest_reports(limit: int = 3) -> list[Report]:
    depends_on(Report.record_type)
    return list(
        db.session.scalars(
            select(Report)
            .where(Report.status == Status.PUBLISHED)
            .order_by(Report.issued_on.desc(), Report.id.desc())
            .limit(limit)
        )
    )


def report_slug_taken(slug: str, except_id: int | None = None) -> bool:
    query = select(Report.id).where(Report.slug == slug)
    if except_id is not None:
        query = query.where(Report.id != except_id)
    return db.session.scalar(query) is not None


def reports_for_choice() -> list[Report]:
    return list(
        db.session.scalars(
            select(Report)
            .where(Report.status != Status.TRASHED)
            .order_by(Report.issued_on.desc(), Report.title)
        )
    )
