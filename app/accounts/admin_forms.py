from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app.accounts.models import Role
from app.features import organisation_choices
from app.i18n import default_language, language_name, languages
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


NO_ORGANISATION = ""


def language_choices() -> list[tuple[str, str]]:
    """The site's languages, its default first."""
    return [(code, language_name(code)) for code in languages()]


class InviteContactForm(TextForm):
    """Whom to invite, and in which language to write to them."""

    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    name = StringField(_l("Name"), validators=[Optional(), Length(max=200)])
    language = SelectField(
        _l("Language of the invitation"),
        description=_l("They can choose another language once they have signed in."),
        validate_choice=False,  # the check below says what is wrong in the user's language
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = language_choices()
        if not self.language.data:
            self.language.data = default_language()

    def validate_language(self, field):
        if field.data not in languages():
            raise ValidationError(_("Choose one of the languages in the list."))


class InviteForm(InviteContactForm):
    """An administrator's invitation of a person with any role."""

    role = SelectField(_l("Role"), choices=ROLE_CHOICES, default=Role.EDITOR.value)
    organisation = SelectField(_l("Organisation (for a partner contact)"), validate_choice=False)

    def __init__(self, *args, **kwargs):
        # Its fields' ids differ from those of the form beside it on the users page.
        kwargs.setdefault("prefix", "invite")
        super().__init__(*args, **kwargs)
        self.organisation.choices = [(NO_ORGANISATION, _("None"))] + organisation_choices()

    def validate_organisation(self, field):
        if field.data not in {slug for slug, _name in self.organisation.choices}:
            raise ValidationError(_("Choose one of the organisations in the list."))
        if self.role.data == Role.PARTNER.value and field.data == NO_ORGANISATION:
            raise ValidationError(_("A partner contact needs an organisation."))
