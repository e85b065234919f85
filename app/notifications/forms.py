"""The notifications table of /manage/account/: one choice of delivery per kind."""

from flask_babel import gettext as _
from flask_wtf import FlaskForm
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from app.accounts.models import Role
from app.notifications.kinds import DELIVERY_LABELS, Delivery, Kind, kinds_for
from app.textforms import TextForm


def field_name(kind: Kind) -> str:
    return "notify_" + kind.name.replace("-", "_")


def _one_of_the_choices(_form, field) -> None:
    if field.data not in {delivery.value for delivery in Delivery}:
        raise ValidationError(_("Choose immediately, daily digest or never."))


def preferences_form(role: Role, chosen: dict[str, str], **kwargs) -> FlaskForm:
    """A form with a row per kind ``role`` receives, set to ``chosen`` (kind -> delivery).

    ``formdata=None`` in ``kwargs`` gives the blank form; otherwise it reads the request.
    """

    class NotificationsForm(TextForm):
        pass

    for kind in kinds_for(role):
        setattr(
            NotificationsForm,
            field_name(kind),
            RadioField(
                kind.label,
                choices=[
                    SelectChoice(delivery.value, DELIVERY_LABELS[delivery]) for delivery in Delivery
                ],
                # The check below says what is wrong in the user's language.
                validate_choice=False,
                validators=[_one_of_the_choices],
            ),
        )
    data = {field_name(kind): chosen.get(kind.name) for kind in kinds_for(role)}
    return NotificationsForm(data=data, **kwargs)


def choices_of(form: FlaskForm, role: Role) -> dict[str, str]:
    """What the form says, as kind name -> delivery."""
    return {kind.name: form[field_name(kind)].data for kind in kinds_for(role)}


def rows_of(form: FlaskForm, role: Role) -> list:
    """(kind, field) per row of the table."""
    return [(kind, form[field_name(kind)]) for kind in kinds_for(role)]
