"""The one editing mechanism every editable record uses.

An editable record (a guideline page, a partner, a meeting...) keeps, in its own columns,
the values the public sees: those of its published revision, or of its latest draft while
it has never been published. Every save writes a ``Revision`` holding a full snapshot of
the edited fields, so the history can be shown, compared and restored, and a later draft
stays private until it is published.
"""

import enum
from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from app.accounts.models import User, utcnow
from app.extensions import db

# The snapshot entry listing the ids of the files attached in that revision, in order. The
# published revision's list is what the public sees; a draft's list only coordinators.
ATTACHMENT_IDS = "attachment_ids"


def attachment_ids(snapshot: dict[str, Any] | None) -> list[int]:
    """The files a revision's snapshot lists (none for one saved before files were listed)."""
    return [int(value) for value in (snapshot or {}).get(ATTACHMENT_IDS) or []]


class Status(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    TRASHED = "trashed"


class RevisionKind(enum.StrEnum):
    EDIT = "edit"  # a normal save
    IMPORT = "import"  # written by the content importer
    MERGE = "merge"  # a save merged automatically with a change saved meanwhile
    RESTORE = "restore"  # an older revision brought back
    CONFLICT = "conflict"  # a save from a stale base, kept aside until someone merges it
    SUBMITTED = "submitted"  # a partner's edit waiting for review


def enum_column(enum_class: type[enum.Enum], **kwargs):
    return mapped_column(
        db.Enum(
            enum_class,
            native_enum=False,
            length=20,
            values_callable=lambda members: [m.value for m in members],
        ),
        **kwargs,
    )


class Revision(db.Model):
    """One saved state of an editable record: who, when, from which base, and what."""

    __table_args__ = (Index("ix_revision_record", "record_type", "record_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    record_type: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[int]
    # The revision the editor started from; a conflict's base is older than the head.
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("revision.id"))
    kind: Mapped[RevisionKind] = enum_column(RevisionKind, default=RevisionKind.EDIT)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    note: Mapped[str] = mapped_column(String(500), default="")
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    # A conflict revision is resolved once someone saves a merge of it.
    resolved_at: Mapped[datetime | None]

    author: Mapped[User | None] = relationship(lazy="joined")

    @property
    def author_name(self) -> str:
        if self.author is None:
            return "Roundtable"
        return self.author.name or self.author.email


class Editable:
    """Mixin for a model whose records go through drafts, revisions, publishing and trash.

    A subclass lists in ``edit_fields`` the columns a revision snapshots; ``record_type``
    names it in revisions, URLs and the audit log; ``translatable_fields`` those of them a
    translation covers.
    """

    record_type: ClassVar[str]
    edit_fields: ClassVar[tuple[str, ...]]
    # The fields readers see that a translation may give in another language (see
    # app.translating): texts, or lists of them. Never a slug or anything used as a key.
    translatable_fields: ClassVar[tuple[str, ...]] = ()

    status: Mapped[Status] = enum_column(Status, default=Status.DRAFT)
    # Where a trashed record returns when it is restored.
    status_before_trash: Mapped[Status | None] = enum_column(Status, nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_at: Mapped[datetime | None]  # first published
    last_published_at: Mapped[datetime | None]  # latest publish, i.e. last amended
    trashed_at: Mapped[datetime | None]

    @declared_attr
    def head_revision_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("revision.id"))

    @declared_attr
    def published_revision_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("revision.id"))

    @property
    def is_published(self) -> bool:
        return self.status is Status.PUBLISHED

    @property
    def has_unpublished_changes(self) -> bool:
        return self.status is Status.PUBLISHED and self.head_revision_id != (
            self.published_revision_id
        )

    def snapshot(self) -> dict[str, Any]:
        """The edited fields as JSON-ready values."""
        return {name: to_json(getattr(self, name)) for name in self.edit_fields}

    def apply_snapshot(self, snapshot: dict[str, Any]) -> None:
        """Set the edited fields from a snapshot (fields it lacks keep their value)."""
        columns = self.__table__.columns
        for name in self.edit_fields:
            if name in snapshot:
                setattr(self, name, from_json(snapshot[name], columns.get(name)))


def to_json(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def from_json(value: Any, column) -> Any:
    if value is None or column is None:
        return value
    python_type = _python_type(column)
    if python_type is datetime and isinstance(value, str):
        return datetime.fromisoformat(value)
    if python_type is date and isinstance(value, str):
        return date.fromisoformat(value)
    if python_type is not None and issubclass(python_type, enum.Enum):
        return python_type(value)
    return value


def _python_type(column):
    try:
        return column.type.python_type
    except NotImplementedError:
        return None
