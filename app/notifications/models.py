"""What each user wants to hear about, the notices waiting for them, and the reminders
already sent."""

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.accounts.models import utcnow
from app.extensions import db


class NotificationPreference(db.Model):
    """A user's choice for one kind of notice; without a row the kind's default applies."""

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    # "immediately", "daily" or "never" (app.notifications.kinds.Delivery)
    delivery: Mapped[str] = mapped_column(String(12))


class Notice(db.Model):
    """Something one user is told about, mailed on its own or in their daily digest.

    Written in the transaction of what it tells of, so a change rolled back tells nobody;
    ``sent_at`` is set once it is mailed.
    """

    __table_args__ = (Index("ix_notice_pending", "delivery", "sent_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(40))  # the preference it follows
    # What happened ("accepted", "action-overdue"...): its headline is written when it is
    # mailed, in the recipient's language then (app.notifications.headlines).
    event: Mapped[str] = mapped_column(String(40))
    delivery: Mapped[str] = mapped_column(String(12))
    subject: Mapped[str] = mapped_column(String(300), default="")  # the record's name
    detail: Mapped[str] = mapped_column(String(500), default="")  # a note, as written
    due_on: Mapped[date | None]
    url: Mapped[str] = mapped_column(String(1000))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]


class ReminderSent(db.Model):
    """A reminder mailed once for a record's date: an action's due date, the anniversary
    of a partner's last confirmation. A new date is a new key, so it re-arms the reminder."""

    __table_args__ = (UniqueConstraint("record_type", "record_id", "kind", "due_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    record_type: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[int]
    kind: Mapped[str] = mapped_column(String(40))
    due_on: Mapped[date]
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
