"""Records kept for the partnership's members: read in /members, never by the public.

A members-only record is never published: its status stays "draft", so every public
page, list, search, feed, dataset and the export, which all read published records only,
leave it out without knowing it exists. Sharing with members is a step of its own, the
members' counterpart of Publish: it records which revision members read, so a later draft
stays with the coordinators until it is shared again.
"""

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column

from app.accounts.models import User, utcnow
from app.editing.models import Status
from app.extensions import db


class MembersOnly(ValueError):
    """The record is kept for members: it is shared with them, never published."""


class MemberShare(db.Model):
    """That a record is for members only, and the revision they read (None until shared)."""

    __table_args__ = (UniqueConstraint("record_type", "record_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    record_type: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[int]
    marked_at: Mapped[datetime] = mapped_column(default=utcnow)
    shared_revision_id: Mapped[int | None] = mapped_column(ForeignKey("revision.id"))
    shared_at: Mapped[datetime | None] = mapped_column(index=True)
    shared_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))


def share_of(record) -> MemberShare | None:
    """The record's members-only mark, or None for a record the public may be shown."""
    if record.id is None:
        return None
    return db.session.scalar(
        select(MemberShare).where(
            MemberShare.record_type == record.record_type, MemberShare.record_id == record.id
        )
    )


def is_members_only(record) -> bool:
    return share_of(record) is not None


def members_only_ids(record_type: str) -> set[int]:
    """The ids of one kind's members-only records, for a list that marks them."""
    return set(
        db.session.scalars(
            select(MemberShare.record_id).where(MemberShare.record_type == record_type)
        )
    )


def mark_members_only(record, user: User | None) -> None:
    """Keep the record for members from now on, and commit. A published record leaves the
    public site first, as Unpublish takes it off."""
    from app.editing.services import unpublish_record

    if is_members_only(record):
        return
    if record.status is Status.PUBLISHED:
        unpublish_record(record, user)
    db.session.add(MemberShare(record_type=record.record_type, record_id=record.id))
    db.session.commit()


def unmark_members_only(record) -> None:
    """Make the record an ordinary draft again (members no longer read it), and commit."""
    share = share_of(record)
    if share is not None:
        db.session.delete(share)
        db.session.commit()


def share_with_members(record, user: User | None) -> None:
    """Let members read the record's latest draft, and commit.

    :raises ValueError: the record is not marked members only, or is in the trash.
    """
    share = share_of(record)
    if share is None or record.status is Status.TRASHED:
        raise ValueError("only a members-only record outside the trash is shared")
    share.shared_revision_id = record.head_revision_id
    share.shared_at = utcnow()
    share.shared_by_id = user.id if user else None
    db.session.commit()
