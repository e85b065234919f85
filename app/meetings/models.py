"""Governance bodies, their meetings, and the minutes of each meeting.

Minutes go through their own approval: draft, circulated to the body's members, approved
at a meeting on a date, then published. The approved text is fixed from then on: it is
kept with its SHA-256, and a correction is a new, dated amendment with a public note.
Validators on the model refuse any other change, whichever page or command attempts it.
"""

import enum
import hashlib
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import (
    JSON,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    func,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from app.accounts.models import utcnow
from app.editing.models import Editable, Revision, RevisionKind, Status, enum_column
from app.extensions import db
from app.transparency.dates import zone
from app.transparency.guards import RecordLocked


class BodyKind(enum.StrEnum):
    STEERING_COMMITTEE = "steering committee"
    GENERAL_ASSEMBLY = "general assembly"
    WORKING_GROUP = "working group"
    OTHER = "other"


class GovernanceBody(Editable, db.Model):
    """A steering committee, general assembly or working group, and who sits on it."""

    record_type = "governance-body"
    edit_fields = ("name", "slug", "kind", "members", "terms_of_reference")
    translatable_fields = ("name", "terms_of_reference")

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[BodyKind] = enum_column(BodyKind, default=BodyKind.OTHER)
    # Member partners, by their slug in the partner directory.
    members: Mapped[list[str]] = mapped_column(JSON, default=list)
    terms_of_reference: Mapped[str] = mapped_column(Text, default="")

    @property
    def title(self) -> str:
        return self.name


class Meeting(Editable, db.Model):
    """One meeting of a body: when, where, its agenda and who attended.

    Date and times are the local wall-clock time at the meeting, in ``timezone`` (IANA),
    as the invitation gave them.
    """

    __table_args__ = (UniqueConstraint("meeting_date", "slug"),)

    record_type = "meeting"
    edit_fields = (
        "title", "slug", "body_id", "meeting_date", "start_time", "end_time", "timezone",
        "place", "online_url", "summary", "agenda", "attendance", "others_present",
    )  # fmt: skip
    translatable_fields = ("title", "summary", "place", "agenda")

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    slug: Mapped[str] = mapped_column(String(120), default="")
    body_id: Mapped[int | None] = mapped_column(ForeignKey("governance_body.id"), index=True)
    meeting_date: Mapped[date] = mapped_column(index=True)
    start_time: Mapped[str] = mapped_column(String(5), default="")  # "09:30"
    end_time: Mapped[str] = mapped_column(String(5), default="")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    place: Mapped[str] = mapped_column(String(300), default="")
    online_url: Mapped[str] = mapped_column(String(500), default="")
    summary: Mapped[str] = mapped_column(String(500), default="")
    agenda: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Partners present, by directory slug, and how many other people attended.
    attendance: Mapped[list[str]] = mapped_column(JSON, default=list)
    others_present: Mapped[int] = mapped_column(default=0)

    body: Mapped[GovernanceBody | None] = relationship(lazy="joined")
    minutes: Mapped["Minutes | None"] = relationship(
        primaryjoin="Meeting.id == Minutes.meeting_id", viewonly=True, uselist=False
    )

    @property
    def key(self) -> str:
        """The meeting's address on the public site: "2025-03-12-steering-committee"."""
        return f"{self.meeting_date.isoformat()}-{self.slug}"

    def _moment(self, time_of_day: str) -> datetime | None:
        if not time_of_day or self.meeting_date is None:
            return None
        hour, minute = (int(part) for part in time_of_day.split(":"))
        return datetime(
            self.meeting_date.year, self.meeting_date.month, self.meeting_date.day,
            hour, minute, tzinfo=zone(self.timezone),
        )  # fmt: skip

    @property
    def starts_at(self) -> datetime | None:
        """The start as an aware datetime in the meeting's time zone (None without a time)."""
        return self._moment(self.start_time)

    @property
    def ends_at(self) -> datetime | None:
        return self._moment(self.end_time)

    @property
    def label(self) -> str:
        return f"{self.meeting_date.isoformat()} {self.title}"


class MinutesStage(enum.StrEnum):
    DRAFT = "draft"
    CIRCULATED = "circulated"  # sent to the body's members for comment
    APPROVED = "approved"  # the text is fixed; publishing is the editing mechanism's step


def sha256_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def normalise_text(text: str) -> str:
    """Line endings as "\\n", so a text has one SHA-256 whichever browser sent it."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n")


@dataclass(frozen=True)
class MinutesVersion:
    number: int  # 1 is the text as approved, 2 the first amendment...
    dated: date
    meeting: "Meeting | None"  # where this version was approved, if recorded
    note: str  # the public change note; empty for the approved text
    text: str
    sha256: str


class Minutes(Editable, db.Model):
    """The minutes of one meeting.

    ``body`` is the working text the editing mechanism drafts and revises. Once approved,
    the public sees only ``fixed_text``: the approved text or its latest amendment.
    """

    record_type = "minutes"
    edit_fields = ("meeting_id", "body")
    # The working text; the public page shows the approved text, never a translation.
    translatable_fields = ("body",)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), unique=True)
    body: Mapped[str] = mapped_column(Text, default="")
    stage: Mapped[MinutesStage] = enum_column(MinutesStage, default=MinutesStage.DRAFT)
    circulated_at: Mapped[datetime | None]
    approved_on: Mapped[date | None]
    approved_at_meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id"))
    approved_text: Mapped[str | None] = mapped_column(Text)
    approved_sha256: Mapped[str | None] = mapped_column(String(64))
    # The text the public reads: as approved, or as last amended.
    fixed_text: Mapped[str | None] = mapped_column(Text)
    fixed_sha256: Mapped[str | None] = mapped_column(String(64))

    meeting: Mapped[Meeting] = relationship(foreign_keys=[meeting_id], lazy="joined")
    approved_at_meeting: Mapped[Meeting | None] = relationship(
        foreign_keys=[approved_at_meeting_id]
    )
    amendments: Mapped[list["MinutesAmendment"]] = relationship(
        back_populates="minutes",
        order_by="MinutesAmendment.number",
        passive_deletes="all",
        cascade="save-update, merge",
    )

    @property
    def title(self) -> str:
        if self.meeting is None:
            return _("Minutes")
        return _("Minutes: %(meeting)s", meeting=self.meeting.label)

    @property
    def is_approved(self) -> bool:
        return self.stage is MinutesStage.APPROVED

    @property
    def lifecycle(self) -> str:
        """draft, circulated, approved or published: the stage a coordinator sees."""
        if self.is_approved and self.status is Status.PUBLISHED:
            return "published"
        return self.stage.value

    @property
    def versions(self) -> list[MinutesVersion]:
        """The approved text and every amendment, oldest first (empty before approval)."""
        if not self.is_approved:
            return []
        versions = [
            MinutesVersion(
                1,
                self.approved_on,
                self.approved_at_meeting,
                "",
                self.approved_text,
                self.approved_sha256,
            )  # fmt: skip
        ]
        versions += [
            MinutesVersion(a.number, a.amended_on, a.approved_at_meeting, a.note, a.text, a.sha256)
            for a in self.amendments
        ]
        return versions

    # The validators below run whenever an attribute is set, by any code path: the
    # editing mechanism's save, restore and publish, the lifecycle services, the demo.

    @validates("body")
    def _keep_fixed_text(self, _key, value):
        if self.stage is MinutesStage.APPROVED and normalise_text(value) != self.fixed_text:
            raise RecordLocked(fixed_text_message(), self)
        return value

    @validates("meeting_id")
    def _keep_meeting(self, _key, value):
        if self.stage is MinutesStage.APPROVED and value != self.meeting_id:
            raise RecordLocked(fixed_text_message(), self)
        return value

    @validates("approved_on", "approved_at_meeting_id", "approved_text", "approved_sha256")
    def _approve_once(self, key, value):
        if getattr(self, key) is not None and value != getattr(self, key):
            raise RecordLocked(fixed_text_message(), self)
        return value

    @validates("stage")
    def _forward_only(self, _key, value):
        if self.stage is MinutesStage.APPROVED and value is not MinutesStage.APPROVED:
            raise RecordLocked(fixed_text_message(), self)
        return value

    @validates("status")
    def _publish_only_approved(self, _key, value):
        if value is Status.PUBLISHED and self.stage is not MinutesStage.APPROVED:
            raise RecordLocked(
                _(
                    "Minutes are published only once approved. Circulate them to the "
                    "members, record their approval, then publish."
                ),
                self,
            )
        return value


def fixed_text_message() -> str:
    return _(
        "These minutes were approved, so their text is fixed. To correct them, record an "
        "amendment with a note saying what changed."
    )


class MinutesAmendment(db.Model):
    """A dated correction of approved minutes: the full new text, its hash and why."""

    __table_args__ = (UniqueConstraint("minutes_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    minutes_id: Mapped[int] = mapped_column(ForeignKey("minutes.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)  # version number: 2 for the first
    amended_on: Mapped[date]
    approved_at_meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id"))
    note: Mapped[str] = mapped_column(String(500))
    text: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    minutes: Mapped[Minutes] = relationship(back_populates="amendments")
    approved_at_meeting: Mapped[Meeting | None] = relationship(
        foreign_keys=[approved_at_meeting_id]
    )


@event.listens_for(MinutesAmendment, "before_update")
@event.listens_for(MinutesAmendment, "before_delete")
def _amendments_are_permanent(_mapper, _connection, target):
    raise RecordLocked(fixed_text_message(), target.minutes)


@event.listens_for(Revision, "before_insert")
def _no_revision_rewrites_approved_minutes(_mapper, connection, target):
    """A save or restore of approved minutes may only repeat their fixed text.

    Conflicts and suggestions are kept aside and change nothing, so they are let through.
    """
    if target.record_type != Minutes.record_type or target.kind in (
        RevisionKind.CONFLICT,
        RevisionKind.SUBMITTED,
    ):
        return
    row = connection.execute(
        select(Minutes.stage, Minutes.fixed_text, Minutes.meeting_id).where(
            Minutes.id == target.record_id
        )
    ).first()
    if row is None or MinutesStage(row.stage) is not MinutesStage.APPROVED:
        return
    snapshot = target.snapshot or {}
    if (
        normalise_text(snapshot.get("body", "")) != row.fixed_text
        or snapshot.get("meeting_id", row.meeting_id) != row.meeting_id
    ):
        raise RecordLocked(fixed_text_message(), None, target.record_type, target.record_id)


@event.listens_for(Meeting, "before_delete")
def _keep_meetings_that_records_refer_to(_mapper, connection, target):
    from app.decisions.models import Decision

    references = [
        select(func.count())
        .select_from(Minutes)
        .where((Minutes.meeting_id == target.id) | (Minutes.approved_at_meeting_id == target.id)),
        select(func.count())
        .select_from(MinutesAmendment)
        .where(MinutesAmendment.approved_at_meeting_id == target.id),
        select(func.count()).select_from(Decision).where(Decision.meeting_id == target.id),
    ]
    if any(connection.execute(query).scalar() for query in references):
        raise RecordLocked(
            _(
                "This meeting has minutes or decisions, or approved another meeting's "
                "minutes. Delete those first."
            ),
            target,
        )


@event.listens_for(GovernanceBody, "before_delete")
def _keep_bodies_that_met(_mapper, connection, target):
    meetings = connection.execute(
        select(func.count()).select_from(Meeting).where(Meeting.body_id == target.id)
    ).scalar()
    if meetings:
        raise RecordLocked(_("This body has meetings. Delete those first."), target)
