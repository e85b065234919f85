from flask import url_for
from flask_babel import lazy_gettext as _l

from app.editing.registry import EditableKind
from app.reports.forms import ReportForm
from app.reports.models import Report

REPORT_KIND = EditableKind(
    record_type=Report.record_type,
    menu_group="record",
    model=Report,
    form=ReportForm,
    label=_l("report or document"),
    plural=_l("Reports"),
    markdown_field="summary",
    public_url=lambda record: url_for("reports.report", slug=record.slug),
    order_by=("issued_on", "id"),
    files_on_new=True,
    members_only_allowed=True,
)
