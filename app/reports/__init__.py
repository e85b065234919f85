"""Reports and documents at /reports/, each with its files and their SHA-256."""

from flask import Blueprint, Flask

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


def init_app(app: Flask) -> None:
    from flask_babel import lazy_gettext as _l

    from app.export.registry import CountCheck
    from app.features import (
        Feature,
        FeedSource,
        HomePanel,
        Link,
        PublicUrls,
        SearchSource,
        register_feature,
    )  # fmt: skip
    from app.opendata.tables import table_dataset
    from app.reports import (
        services,
        views,  # noqa: F401
    )
    from app.reports.feeds import report_entries as report_feed
    from app.reports.kinds import REPORT_KIND
    from app.reports.opendata import REPORT_FIELDS, report_rows
    from app.reports.search import report_entries

    endpoints = ("reports.index", "reports.of_type", "reports.year", "reports.report")
    register_feature(
        app,
        Feature(
            "reports",
            bp,
            kinds=(REPORT_KIND,),
            public_urls=(PublicUrls(report_urls, endpoints=endpoints),),
            count_checks=(
                CountCheck("published reports", "reports.report", services.published_report_count),
            ),
            search=(SearchSource("report", _l("Report"), report_entries, shown_as="report"),),
            feeds=(
                FeedSource("reports", report_feed, "reports.index", _l("reports and documents")),
            ),
            datasets=(
                table_dataset(
                    "reports", _l("Reports and documents"), REPORT_FIELDS, report_rows, ("report",)
                ),
            ),  # fmt: skip
            navigation=Link("reports.index", _l("Reports")),
            home_panels=(HomePanel(services.latest_reports, "reports/_home_item.html"),),
        ),
    )
