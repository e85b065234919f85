from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, SelectField
from wtforms.validators import DataRequired, Length, ValidationError

from app.i18n import language_name, languages
from app.textforms import TextForm


class LoginForm(TextForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=1024)])
    remember = BooleanField(_l("Keep me signed in on this device"))
    next = HiddenField()
    # Form fields of a record's save that arrived after the session ended, as JSON, so that
    # signing in again can hand them back instead of losing the text. Offered back only with
    # the edit form's own signed stamp (app.editing.resume), so forging this field gains nothing.
    resume = HiddenField()


BROWSER_LANGUAGE = ""  # stored as None: /manage follows the browser's Accept-Language


class PreferencesForm(TextForm):
    language = SelectField(
        _l("Language of the coordinators' area"),
        description=_l("The public site is always in the language of its address."),
        validate_choice=False,  # the check below says what is wrong in the user's language
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The enabled languages, read per request: a language turned off is no choice.
        self.language.choices = [(BROWSER_LANGUAGE, _("As my browser asks"))] + [
            (code, language_name(code)) for code in languages()
        ]

    def validate_language(self, field):
        if field.data not in {value for value, _label in field.choices}:
            raise ValidationError(_("Choose one of the languages in the list."))


class ChangePasswordForm(TextForm):
    current_password = PasswordField(
        _l("Current password"), validators=[DataRequired(), Length(max=1024)]
    )
    new_password = PasswordField(
        _l("New password"),
        description=_l("8 to 128 characters; a common password is refused."),
        validators=[DataRequired(), Length(max=1024)],
    )
    repeat_password = PasswordField(
        _l("New password again"), validators=[DataRequired(), Length(max=1024)]
    )

    def validate_repeat_password(self, field):
        if field.data != self.new_password.data:
            raise ValidationError(_("The two new passwords differ."))


class ChangeEmailForm(TextForm):
    new_email = EmailField(
        _l("New email address"),
        description=_l("We send a link to it; your address changes when you open the link."),
        validators=[DataRequired(), Length(max=254)],
    )
    email_password = PasswordField(
        _l("Current password"), validators=[DataRequired(), Length(max=1024)]
    )
