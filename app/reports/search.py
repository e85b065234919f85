"""Reports in site search and the A–Z index."""

from collections.abc import Iterable

from flask import url_for

from app.reports.models import Report
from app.search.sources import Entry, published_containing, results_depend_on
from app.search.text import plain_text


def report_entries(terms: list[str] | None, text: str) -> Iterable[Entry]:
    results_depend_on(terms, Report.record_type)
    reports = published_containing(Report, terms, Report.title, Report.summary)
    for report in reports:
        yield Entry(
            "report",
            report.title,
            url_for("reports.report", slug=report.slug),
            plain_text(report.summary),
        )
