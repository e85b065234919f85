from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from app.accounts.models import Role
from app.textforms import TextForm

ROLE_CHOICES = [
    SelectChoice(Role.ADMIN.value, _l("Administrator: users, settings and all content")),
    SelectChoice(Role.EDITOR.value, _l("Editor: all content")),
    SelectChoice(Role.PARTNER.value, _l("Partner contact: their own organisation, reviewed")),
]


class NewUserForm(TextForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    name = StringField(_l("Name"), validators=[Optional(), Length(max=200)])
    role = SelectField(_l("Role"), choices=ROLE_CHOICES, default=Role.EDITOR.value)
    organisation = StringField(
        _l("Organisation (for partner contacts: its address in the directory)"),
        validators=[Optional(), Length(max=120)],
    )
    password = PasswordField(
        _l("First password (tell it to them; they can sign in with it)"),
        validators=[DataRequired(), Length(max=1024)],
    )


class ResetPasswordForm(TextForm):
    new_password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=1024)])
