from babel.numbers import list_currencies
from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from app.editing.forms import EditForm
from app.formfields import IsoDateField
from app.funding.models import FundingType
from app.reports.services import reports_for_choice
from app.textforms import TextLength
from app.transparency.fields import (
    PARTNER_TEXT,
    AmountField,
    PartnerField,
    optional_int,
    select_choices,
)

FUNDING_TYPES = [
    (FundingType.GRANT.value, _l("Grant")),
    (FundingType.MEMBERSHIP_FEE.value, _l("Membership fee")),
    (FundingType.IN_KIND.value, _l("In kind")),
]


class FundingForm(EditForm):
    funder_slug = PartnerField(
        _l("Funder"),
        description=_l("The organisation, by name or by address in the partner directory."),
        validators=[DataRequired(), TextLength(PARTNER_TEXT)],
    )
    funding_type = SelectField(_l("Type"), choices=select_choices(FUNDING_TYPES))
    amount = AmountField(
        _l("Amount"),
        description=_l("In figures, e.g. 250000 or 1250.50. For in-kind support, its value."),
        validators=[TextLength(40)],
    )
    currency = StringField(
        _l("Currency"),
        default="USD",
        description=_l("Three-letter code: USD, EUR, VND..."),
        validators=[DataRequired(), Length(min=3, max=3)],
    )
    year = IntegerField(
        _l("Financial year"),
        description=_l("The year the amount is accounted in."),
        validators=[DataRequired(), NumberRange(min=1900, max=2200)],
    )
    period_start = IsoDateField(_l("For the period from"), validators=[Optional()])
    period_end = IsoDateField(_l("to"), validators=[Optional()])
    purpose = StringField(
        _l("Earmarked for"),
        description=_l("Leave empty for core funding the partnership may use as it decides."),
        validators=[Length(max=300)],
    )
    report_id = SelectField(_l("Accounted in the financial report"), coerce=optional_int)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.report_id.choices = select_choices(
            [("", _l("Not yet reported"))]
            + [(report.id, report.title) for report in reports_for_choice()]
        )

    def validate_currency(self, field):
        code = field.data.strip().upper()
        if code not in list_currencies():
            # field.data untouched: the refused code is shown again as typed.
            raise ValidationError(_l("Unknown currency code."))
        field.data = code

    def validate_period_end(self, field):
        if field.data and self.period_start.data and field.data < self.period_start.data:
            raise ValidationError(_l("The period ends after it starts."))
