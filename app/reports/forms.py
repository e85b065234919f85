import re

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from app.editing.forms import EditForm
from app.formfields import ADDRESS_HINT, AddressField, IsoDateField, SdgField
from app.reports import services
from app.reports.models import ReportType
from app.textforms import MEDIUM_TEXT, markdown_validators
from app.transparency.fields import select_choices

LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")

REPORT_TYPES = [
    (ReportType.PROGRESS.value, _l("Progress report")),
    (ReportType.ANNUAL.value, _l("Annual report")),
    (ReportType.FINANCIAL.value, _l("Financial report")),
    (ReportType.EVALUATION.value, _l("Evaluation")),
    (ReportType.AGREEMENT.value, _l("Agreement or MoU")),
    (ReportType.POLICY.value, _l("Policy")),
    (ReportType.OTHER.value, _l("Other document")),
]


class ReportForm(EditForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    slug = AddressField(_l("Address"), description=ADDRESS_HINT)
    report_type = SelectField(_l("Type"), choices=select_choices(REPORT_TYPES))
    issued_on = IsoDateField(_l("Date of the document"), validators=[DataRequired()])
    period_start = IsoDateField(_l("Covers the period from"), validators=[Optional()])
    period_end = IsoDateField(_l("to"), validators=[Optional()])
    summary = TextAreaField(_l("Summary"), validators=markdown_validators(MEDIUM_TEXT))
    sdgs = SdgField(_l("Sustainable Development Goals"))
    language = StringField(
        _l("Language"),
        default="en",
        description=_l("Language code of the document, e.g. en, fr, vi, pt-BR."),
        validators=[DataRequired(), Length(max=20), Regexp(LANGUAGE_TAG, message=_l(
            "Give a language code such as en, fr, vi or pt-BR."))],
    )  # fmt: skip

    def address_taken(self, address: str) -> bool:
        return services.report_slug_taken(address, self.record.id if self.record else None)

    def validate_slug(self, field):
        if self.address_taken(field.data):
            raise ValidationError(_l("Another report already uses this address."))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        start, end = self.period_start.data, self.period_end.data
        if bool(start) != bool(end) and not (self.period_start.errors or self.period_end.errors):
            self.period_end.errors.append(_l("Give both ends of the period, or neither."))
            return False
        if start and end and end < start:
            self.period_end.errors.append(_l("The period ends after it starts."))
            return False
        return valid
