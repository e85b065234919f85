"""A translation of one editable record into one language."""

from typing import Any, ClassVar

from sqlalchemy import JSON, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.editing.models import Editable
from app.extensions import db


def translatable_fields_of(record_type: str) -> tuple[str, ...]:
    """The fields a translation of a ``record_type`` record covers (those its model declares
    in ``translatable_fields``); empty for a kind that is not registered."""
    from app.editing.registry import all_kinds

    kind = all_kinds().get(record_type)
    return tuple(getattr(kind.model, "translatable_fields", ())) if kind else ()


class Translation(Editable, db.Model):
    """The translatable fields of record ``source_type``/``source_id`` in ``language``.

    It goes through the editing mechanism like any record (revisions, merges, drafts,
    publishing), under the record type "translation"; its status is its own, so a
    published record can have a draft translation that no reader sees.

    Which fields it has depends on what it translates: a partner's name and description, a
    meeting's title, summary, place and agenda... So they are kept by name in ``texts``
    rather than in columns, and its ``edit_fields`` are those its source kind declares
    translatable. A revision's snapshot holds the same names, so history, diffs and
    three-way merges work field by field as for any record. An empty or missing field is
    not translated: the public page shows the record's own text there.
    """

    record_type: ClassVar[str] = "translation"

    __table_args__ = (
        UniqueConstraint("source_type", "source_id", "language", name="uq_translation_source"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_type: Mapped[str] = mapped_column(String(40))
    source_id: Mapped[int]
    language: Mapped[str] = mapped_column(String(10))
    # {field name: text}; as published, or as last drafted while never published.
    texts: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)

    @property
    def edit_fields(self) -> tuple[str, ...]:
        return translatable_fields_of(self.source_type)

    def text(self, name: str) -> str:
        return (self.texts or {}).get(name, "") or ""

    def snapshot(self) -> dict[str, Any]:
        return {name: self.text(name) for name in self.edit_fields}

    def apply_snapshot(self, snapshot: dict[str, Any]) -> None:
        # A new dict, so the change of a JSON column is seen and saved.
        texts = dict(self.texts or {})
        for name in self.edit_fields:
            if name in snapshot:
                texts[name] = snapshot[name] or ""
        self.texts = texts
