"""Reports as open data, with each file's address and SHA-256."""

from urllib.parse import urljoin

from flask import url_for
from sqlalchemy import select

from app.editing.models import Status
from app.extensions import db
from app.reports.models import Report
from app.uploads.services import attachments_by_record

REPORT_FIELDS = (
    "id", "slug", "title", "type", "issued_on", "period_start", "period_end", "language",
    "sdgs", "summary", "url", "files", "file_sha256", "published_at", "last_updated_at",
)  # fmt: skip


def report_rows() -> list[dict]:
    home = url_for("home.index", _external=True)
    reports = db.session.scalars(
        select(Report).where(Report.status == Status.PUBLISHED).order_by(Report.issued_on)
    )
    files_of = attachments_by_record(Report.record_type)  # one query, not one a report
    rows = []
    for report in reports:
        files = files_of.get(report.id, [])
        rows.append(
            {
                "id": report.id,
                "slug": report.slug,
                "title": report.title,
                "type": report.report_type.value,
                "issued_on": report.issued_on,
                "period_start": report.period_start,
                "period_end": report.period_end,
                "language": report.language,
                "sdgs": report.sdgs,
                "summary": report.summary,
                "url": urljoin(home, url_for("reports.report", slug=report.slug)),
                "files": [
                    urljoin(
                        home,
                        url_for("uploads.download", attachment_id=a.id, filename=a.original_name),
                    )
                    for a in files
                ],  # fmt: skip
                "file_sha256": [a.sha256 for a in files],
                "published_at": report.published_at,
                "last_updated_at": report.last_published_at,
            }
        )
    return rows
