from flask import url_for
from flask_babel import lazy_gettext as _l

from app.editing.registry import EditableKind
from app.funding.forms import FundingForm
from app.funding.models import FundingSource

FUNDING_KIND = EditableKind(
    record_type=FundingSource.record_type,
    menu_group="record",
    model=FundingSource,
    form=FundingForm,
    label=_l("funding source"),
    plural=_l("Funding"),
    markdown_field=None,
    public_url=lambda record: url_for("funding.index", _anchor=f"funding-{record.id}"),
    order_by=("year", "funder_slug"),
)
