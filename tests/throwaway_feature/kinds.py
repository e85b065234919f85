from flask import url_for
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired

from app.editing.forms import EditForm
from app.editing.registry import EditableKind
from tests.throwaway_feature.models import Note


class NoteForm(EditForm):
    title = StringField("Title", validators=[DataRequired()])
    slug = StringField("Address", validators=[DataRequired()])
    body = TextAreaField("Text")


NOTE_KIND = EditableKind(
    record_type="note",
    model=Note,
    form=NoteForm,
    label="note",
    plural="Notes",
    public_url=lambda record: url_for("throwaway.note", slug=record.slug),
)
