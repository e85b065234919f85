from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.editing.models import Editable
from app.extensions import db


class Note(Editable, db.Model):
    record_type = "note"
    edit_fields = ("title", "slug", "body")

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    body: Mapped[str] = mapped_column(Text, default="")


# Not part of the portal's schema: the migrations check compares db.metadata with the
# migrations, so the table leaves it and the test creates it itself (create_note_table).
db.metadata.remove(Note.__table__)


def create_note_table() -> None:
    Note.__table__.create(db.engine, checkfirst=True)
