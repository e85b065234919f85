from flask import abort, render_template, request

from app.htmx import render_page
from app.reports import bp, jsonld, services
from app.reports.forms import REPORT_TYPES
from app.transparency.history import public_changes
from app.uploads.services import attachments_of


@bp.route("/reports/")
def index():
    filters = services.ReportFilters.from_args(request.args)
    in_use = services.report_types_in_use()
    return render_page(
        "reports/index.html",
        "reports/_results.html",
        filters=filters,
        reports=services.search_reports(filters),
        years=services.report_years(),
        report_types=[(value, label) for value, label in REPORT_TYPES if value in in_use],
        type_labels=dict(REPORT_TYPES),
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
        report=record,
        files=files,
        type_labels=dict(REPORT_TYPES),
        funding=funding_accounted_in(record),
        changes=public_changes(record),
        structured_data=jsonld.report_document(record, files),
    )
