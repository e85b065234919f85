from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from app.editing.forms import EditForm
from app.formfields import ADDRESS_HINT, AddressField
from app.pages.services import slug_taken
from app.textforms import markdown_validators


class PageForm(EditForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    slug = AddressField(_l("Address"), description=ADDRESS_HINT)
    summary = StringField(_l("Summary"), validators=[Length(max=300)])
    body = TextAreaField(_l("Text"), validators=markdown_validators())

    def address_taken(self, address: str) -> bool:
        return slug_taken(address, self.record.id if self.record else None)

    def validate_slug(self, field):
        if self.address_taken(field.data):
            raise ValidationError(_l("Another page already uses this address."))
