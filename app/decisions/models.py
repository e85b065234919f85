"""The register of decisions, and the actions that carry them out."""

import enum
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import JSON, ForeignKey, String, Text, event, func, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.editing.models import Editable, enum_column
from app.extensions import db
from app.meetings.models import Meeting
from app.transparency.guards import RecordLocked


class DecisionStatus(enum.StrEnum):
    AGREED = "agreed"
    IN_PROGRESS = "in progress"
    IMPLEMENTED = "implemented"
    SUPERSEDED = "superseded"


class Decision(Editable, db.Model):
    """A decision a meeting took, with its number, wording, vote and where it stands."""

    record_type = "decision"
    edit_fields = (
        "number", "title", "text", "meeting_id", "votes_for", "votes_against",
        "votes_abstaining", "state", "links",
    )  # fmt: skip
    translatable_fields = ("title", "text")

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)  # "SC-2025-07"
    title: Mapped[str] = mapped_column(String(300), default="")
    text: Mapped[str] = mapped_column(Text, default="")  # Markdown: the decision as taken
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id"), index=True)
    # A vote count, when the decision was voted on rather than taken by consensus.
    votes_for: Mapped[int | None]
    votes_against: Mapped[int | None]
    votes_abstaining: Mapped[int | None]
    # Where the decision stands ("status" is the record's own: draft, published...).
    state: Mapped[DecisionStatus] = enum_column(DecisionStatus, default=DecisionStatus.AGREED)
    # [{"label": "...", "url": "..."}]: related documents, decisions, pages.
    links: Mapped[list[dict]] = mapped_column(JSON, default=list)

    meeting: Mapped[Meeting | None] = relationship(lazy="joined")
    actions: Mapped[list["Action"]] = relationship(order_by="Action.id", viewonly=True)

    @property
    def was_voted(self) -> bool:
        return any(
            votes is not None
            for votes in (self.votes_for, self.votes_against, self.votes_abstaining)
        )

    @property
    def anchor(self) -> str:
        return f"decision-{self.id}"

    @property
    def label(self) -> str:
        return f"{self.number}: {self.title}"


class ActionStatus(enum.StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in progress"
    DONE = "done"
    CANCELLED = "cancelled"


OPEN_STATES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class Action(Editable, db.Model):
    """Something a partner undertook to do, by a date, to carry out a decision."""

    record_type = "action"
    edit_fields = ("title", "decision_id", "owner_slug", "due_on", "state", "completed_on",
                   "progress_note")  # fmt: skip
    translatable_fields = ("title", "progress_note")

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300), default="")
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decision.id"), index=True)
    # The partner responsible, by directory slug.
    owner_slug: Mapped[str] = mapped_column(String(120), default="", index=True)
    due_on: Mapped[date | None]
    state: Mapped[ActionStatus] = enum_column(ActionStatus, default=ActionStatus.OPEN)
    completed_on: Mapped[date | None]
    progress_note: Mapped[str] = mapped_column(String(500), default="")

    decision: Mapped[Decision | None] = relationship(lazy="joined")

    def is_overdue(self, today: date) -> bool:
        return self.state in OPEN_STATES and self.due_on is not None and self.due_on < today

    @property
    def anchor(self) -> str:
        return f"action-{self.id}"


@event.listens_for(Decision, "before_delete")
def _keep_decisions_with_actions(_mapper, connection, target):
    count = connection.execute(
        select(func.count()).select_from(Action).where(Action.decision_id == target.id)
    ).scalar()
    if count:
        raise RecordLocked(_("This decision has actions. Delete those first."), target)
