from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from app.textforms import TextForm, markdown_validators


class SiteSettingsForm(TextForm):
    name = StringField(_l("Name of the partnership"), validators=[DataRequired(), Length(max=120)])
    tagline = StringField(_l("One-line description"), validators=[Length(max=200)])
    about = TextAreaField(
        _l("Introduction on the home page (Markdown)"), validators=markdown_validators(5000)
    )
    require_second_factor = BooleanField(
        _l("Administrators and editors must sign in with a second factor"),
        description=_l(
            "Those without one can only set it up, once signed in, until they have done so."
        ),
    )
