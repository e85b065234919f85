"""Reports and documents at /reports/, each with its files and their SHA-256."""

from flask import Blueprint

from app.export.registry import register_count_check, register_public_urls

bp = Blueprint("reports", __name__)


def report_urls():
    """The list, its pre-rendered views by type and by year, and each published report."""
    from app.reports import services

    yield "reports.index", {}
    for report_type in sorted(services.report_types_in_use()):
        yield "reports.of_type", {"report_type": report_type}
    for year in services.report_years():
        yield "reports.year", {"year": year}
    for report in services.search_reports(services.ReportFilters()):
        yield "reports.report", {"slug": report.slug}


@bp.record_once
def declare_public_urls(state) -> None:
    from app.reports import services

    register_public_urls(
        state.app,
        report_urls,
        endpoints=["reports.index", "reports.of_type", "reports.year", "reports.report"],
    )
    register_count_check(
        state.app,
        "published reports",
        endpoint="reports.report",
        expected=services.published_report_count,
    )


from app.reports import views  # noqa: E402, F401
