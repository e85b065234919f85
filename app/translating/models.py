"""A translation of one editable record into one language."""

from typing import ClassVar

from sqlalchemy import String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.editing.models import Editable
from app.extensions import db

# The text fields a record may have translated, as far as its kind has them.
TRANSLATABLE_FIELDS = ("title", "summary", "body")


class Translation(Editable, db.Model):
    """The translatable fields of record ``source_type``/``source_id`` in ``language``.

    It goes through the editing mechanism like any record (revisions, merges, drafts,
    publishing), under the record type "translation"; its status is its own, so a
    published record can have a draft translation that no reader sees. An empty field
    is not translated: the public page shows the record's own text there.
    """

    record_type: ClassVar[str] = "translation"
    edit_fields: ClassVar[tuple[str, ...]] = TRANSLATABLE_FIELDS

    __table_args__ = (
        UniqueConstraint("source_type", "source_id", "language", name="uq_translation_source"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_type: Mapped[str] = mapped_column(String(40))
    source_id: Mapped[int]
    language: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(String(400), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
