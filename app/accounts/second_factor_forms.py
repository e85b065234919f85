from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Length

from app.textforms import TextForm


def code_field(label) -> StringField:
    # A recovery code is longer than the app's six digits, so the field takes any text.
    return StringField(
        label,
        validators=[DataRequired(), Length(max=40)],
        render_kw={"autocomplete": "one-time-code", "spellcheck": "false"},
    )


class SecondStepForm(TextForm):
    code = code_field(_l("Code from your authenticator app, or a recovery code"))
    next = HiddenField()
    # The text of a save interrupted by the end of a session: too large for the session
    # cookie, it travels in the form from the password step to this one.
    resume = HiddenField()


class SetupForm(TextForm):
    code = code_field(_l("Code your app shows now"))


# Field names differ between the forms of one page, so that their ids do too.
class RenewCodesForm(TextForm):
    renew_code = code_field(_l("Code your app shows now"))


class TurnOffForm(TextForm):
    password = PasswordField(_l("Your password"), validators=[DataRequired(), Length(max=1024)])
    off_code = code_field(_l("Code from your authenticator app, or a recovery code"))
