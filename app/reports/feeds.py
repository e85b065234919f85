"""Reports in the Atom feeds (and in digests, in the request's language)."""

from flask import url_for

from app.feeds.entries import Entry, feed_entry, latest_published
from app.reports.models import Report
from app.translating.services import localise
from app.transparency.dates import long_date
from app.transparency.history import public_changes_of


def report_entries() -> list[Entry]:
    reports = latest_published(Report)
    changes = public_changes_of(reports)
    return [
        feed_entry(
            report,
            "report",
            report.title,
            url_for("reports.report", slug=report.slug),
            f"{long_date(report.issued_on)}. {report.summary}",
            changes,
        )  # fmt: skip
        for report in map(localise, reports)
    ]
