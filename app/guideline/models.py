"""Guideline pages (one editable kind for every part) and the coalition's self-assessment."""

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User, utcnow
from app.editing.models import Editable, enum_column
from app.extensions import db


class PageKind(enum.StrEnum):
    OVERVIEW = "overview"
    MODULE = "module"
    STEP = "step"
    SUCCESS_FACTOR = "success-factor"
    GOVERNANCE = "governance"
    CASE = "case"


class GuidelinePage(Editable, db.Model):
    """One page of the guideline: the overview, a module, a step, a success factor, a
    governance challenge or a case example. Fields a kind does not use stay empty."""

    record_type = "guideline-page"
    edit_fields = (
        "kind", "title", "slug", "number", "letter", "module", "summary", "body",
        "tasks", "steps", "box", "place", "sources",
    )  # fmt: skip
    # A step's tasks are translated by their titles; their numbers are anchors.
    translatable_fields = ("title", "summary", "body", "tasks", "place")

    __table_args__ = (UniqueConstraint("kind", "slug", name="uq_guideline_page_kind_slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[PageKind] = enum_column(PageKind, default=PageKind.STEP)
    title: Mapped[str] = mapped_column(String(200), default="")
    slug: Mapped[str] = mapped_column(String(120), default="")
    number: Mapped[int | None]
    letter: Mapped[str] = mapped_column(String(1), default="")  # a module's A to E
    module: Mapped[str] = mapped_column(String(120), default="")  # a step's module slug
    summary: Mapped[str] = mapped_column(String(400), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    # A step's tasks: [{"number": "4.2", "title": "..."}].
    tasks: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # Step numbers: a module's steps, where a factor matters, what a case illustrates.
    steps: Mapped[list[int]] = mapped_column(JSON, default=list)
    box: Mapped[str] = mapped_column(String(20), default="")  # a case's box, e.g. "IV.3"
    place: Mapped[str] = mapped_column(String(200), default="")
    sources: Mapped[list[str]] = mapped_column(JSON, default=list)  # keys of sources.yml

    # The content importer's bookkeeping: the hash of the text it last imported and the
    # revision that import wrote. A record whose head is still that revision has not been
    # edited in the browser since, so a newer bundled text may replace it.
    import_key: Mapped[str | None] = mapped_column(String(140))  # "step/planning"
    import_hash: Mapped[str | None] = mapped_column(String(64))
    import_revision_id: Mapped[int | None]

    @property
    def task_numbers(self) -> list[str]:
        return [str(task.get("number", "")) for task in self.tasks or []]


class ProgressStatus(enum.StrEnum):
    NOT_STARTED = "not-started"
    IN_PROGRESS = "in-progress"
    DONE = "done"


class ProgressEntry(db.Model):
    """Where the coalition stands on one task of the guideline ("4.2")."""

    __tablename__ = "guideline_progress"
    record_type = "guideline-progress"

    id: Mapped[int] = mapped_column(primary_key=True)
    task: Mapped[str] = mapped_column(String(10), unique=True)
    status: Mapped[ProgressStatus] = enum_column(ProgressStatus, default=ProgressStatus.NOT_STARTED)
    note: Mapped[str] = mapped_column(Text, default="")
    # Links to the evidence: site paths ("/meetings/...") or https URLs.
    evidence: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Counts saves, so a form opened before someone else's save cannot silently undo it.
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    updated_by: Mapped[User | None] = relationship(lazy="joined")

    @property
    def step(self) -> int:
        return int(self.task.split(".")[0])
