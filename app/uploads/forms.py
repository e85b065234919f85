from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, StringField
from wtforms.validators import Length, Optional

from app.textforms import TextForm


class AttachmentForm(TextForm):
    file = FileField(_l("File"), validators=[FileRequired()])
    alt_text = StringField(
        _l("Description of the image (required for images)"),
        validators=[Optional(), Length(max=500)],
    )


class FirstFileForm(TextForm):
    """The file chosen on a new record's form, attached when the record is first saved."""

    class Meta:
        # Part of the record's form, whose own token is checked.
        csrf = False

    file = FileField(_l("File (optional)"))
    alt_text = StringField(
        _l("Description of the image (required for images)"),
        validators=[Optional(), Length(max=500)],
    )
    # Signed by this site (see app/uploads/pending.py): the file chosen before the form
    # was refused for another field, kept so that it need not be chosen again.
    kept_file = HiddenField()
