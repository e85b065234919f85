from flask import abort, render_template, request

from app.htmx import render_page
from app.reports import bp, jsonld, services
from app.reports.forms import REPORT_TYPES
from app.translating.services import localise
from app.transparency.export import absolute_addresses_known
from app.transparency.history import public_changes
from app.uploads.services import attachments_of


@bp.route("/reports/")
def index():
    return render_reports(services.ReportFilters.from_args(request.args))


@bp.route("/reports/type/<report_type>/")
def of_type(report_type: str):
    """The reports of one type, at an address of their own (for the export)."""
    if report_type not in services.report_types_in_use():
        abort(404)
    label = dict(REPORT_TYPES)[report_type]
    return render_reports(services.ReportFilters(report_type=report_type), heading=str(label))


@bp.route("/reports/year/<int:year>/")
def year(year: int):
    """The reports issued in one year, at an address of their own."""
    if year not in services.report_years():
        abort(404)
    return render_reports(services.ReportFilters(year=year), heading=str(year))


def render_reports(filters: services.ReportFilters, heading: str = ""):
    in_use = services.report_types_in_use()
    years = services.report_years()
    report_types = [(value, label) for value, label in REPORT_TYPES if value in in_use]
    return render_page(
        "reports/index.html",
        "reports/_results.html",
        filters=filters,
        heading=heading,
        reports=services.search_reports(filters),
        years=years,
        report_types=report_types,
        type_labels=dict(REPORT_TYPES),
        facets=services.facets(filters, report_types, years),
    )


@bp.route("/reports/<slug>/")
def report(slug: str):
    from app.funding.services import funding_accounted_in

    record = services.published_report(slug)
    if record is None:
        abort(404)
    files = attachments_of(record)
    return render_template(
        "reports/report.html",
        report=localise(record),
        files=files,
        type_labels=dict(REPORT_TYPES),
        funding=funding_accounted_in(record),
        changes=public_changes(record),
        structured_data=jsonld.report_document(record, files)
        if absolute_addresses_known()
        else None,
    )
