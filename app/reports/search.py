"""Reports in site search and the A–Z index."""

from collections.abc import Iterable

from flask import url_for
from sqlalchemy import select

from app.editing.models import Status
from app.reports.models import Report
from app.search.sources import Entry, containing, records, results_depend_on
from app.search.text import plain_text


def report_entries(terms: list[str] | None, text: str) -> Iterable[Entry]:
    results_depend_on(terms, Report.record_type)
    reports = records(
        select(Report).where(
            Report.status == Status.PUBLISHED, containing(terms, Report.title, Report.summary)
        ),
        terms,
    )
    for report in reports:
        yield Entry(
            "report",
            report.title,
            url_for("reports.report", slug=report.slug),
            plain_text(report.summary),
        )
