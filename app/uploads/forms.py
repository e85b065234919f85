from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import StringField
from wtforms.validators import Length, Optional

from app.textforms import TextForm


class AttachmentForm(TextForm):
    file = FileField(_l("File"), validators=[FileRequired()])
    alt_text = StringField(
        _l("Description of the image (required for images)"),
        validators=[Optional(), Length(max=500)],
    )
