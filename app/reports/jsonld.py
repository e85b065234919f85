"""schema.org description of a report (written into the page with ``|tojson``)."""

from urllib.parse import urljoin

from flask import url_for

from app.reports.models import Report
from app.sdgs import sdg_label
from app.site.services import site_settings


def report_document(report: Report, files) -> dict:
    home = url_for("home.index", _external=True)
    data: dict = {
        "@context": "https://schema.org",
        "@type": "Report",
        "name": report.title,
        "headline": report.title[:110],
        "url": url_for("reports.report", slug=report.slug, _external=True),
        "datePublished": report.issued_on.isoformat(),
        "inLanguage": report.language,
        "publisher": {"@type": "Organization", "name": site_settings()["name"], "url": home},
    }
    if report.summary:
        data["abstract"] = report.summary
    if report.period_start and report.period_end:
        start, end = report.period_start.isoformat(), report.period_end.isoformat()
        data["temporalCoverage"] = f"{start}/{end}"
    if report.sdgs:
        data["about"] = [{"@type": "Thing", "name": str(sdg_label(n))} for n in report.sdgs]
    if files:
        data["associatedMedia"] = [
            {
                "@type": "MediaObject",
                "name": attachment.original_name,
                "contentUrl": urljoin(
                    home,
                    url_for(
                        "uploads.download",
                        attachment_id=attachment.id,
                        filename=attachment.original_name,
                    ),
                ),
                "encodingFormat": attachment.content_type,
                "contentSize": f"{attachment.size} B",
                "sha256": attachment.sha256,
            }
            for attachment in files
        ]
    return data
