import re

from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Regexp, ValidationError

from app.editing.forms import EditForm
from app.pages.services import slug_taken
from app.textforms import markdown_validators

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class PageForm(EditForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    slug = StringField(
        _l("Address"),
        description=_l("Lowercase letters, digits and hyphens: the page is at /pages/<address>/."),
        validators=[
            DataRequired(),
            Length(max=120),
            Regexp(SLUG, message=_l("Use lowercase letters, digits and single hyphens.")),
        ],
    )
    summary = StringField(_l("Summary"), validators=[Length(max=300)])
    body = TextAreaField(_l("Text"), validators=markdown_validators())

    def validate_slug(self, field):
        if slug_taken(field.data, self.record.id if self.record else None):
            raise ValidationError(_l("Another page already uses this address."))
