"""The forms of the pages a one-time link opens, and of asking for a reset link."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Length, ValidationError

from app.textforms import TextForm


class ForgotPasswordForm(TextForm):
    email = EmailField(
        _l("Email"),
        description=_l("The address you sign in with."),
        validators=[DataRequired(), Length(max=254)],
    )


class SetPasswordForm(TextForm):
    """A new password, typed twice: for an invitation and for a reset."""

    password = PasswordField(
        _l("New password"),
        description=_l("8 to 128 characters; a common password is refused."),
        validators=[DataRequired(), Length(max=1024)],
    )
    repeat_password = PasswordField(
        _l("New password again"), validators=[DataRequired(), Length(max=1024)]
    )

    def validate_repeat_password(self, field):
        if field.data != self.password.data:
            raise ValidationError(_("The two new passwords differ."))


class ConfirmEmailForm(TextForm):
    """Only a button: opening a link never changes anything by itself, since mail scanners
    open the links they see."""
