from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import Length, Optional


class TranslationForm(FlaskForm):
    """The translatable fields; the view removes those the record's kind does not have.

    Every field may stay empty: an empty field shows the record's own text.
    """

    title = StringField(_l("Title"), validators=[Optional(), Length(max=400)])
    summary = TextAreaField(_l("Summary"), validators=[Optional(), Length(max=2000)])
    body = TextAreaField(_l("Text (Markdown)"), validators=[Optional(), Length(max=200_000)])
    base_revision = HiddenField()
    change_note = StringField(
        _l("What did you change? (optional)"), validators=[Optional(), Length(max=500)]
    )

    def base_revision_id(self) -> int | None:
        value = (self.base_revision.data or "").strip()
        return int(value) if value.isdigit() else None
