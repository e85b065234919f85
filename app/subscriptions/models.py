"""A reader who asked for digests of what the partnership publishes, by email."""

import enum
from datetime import datetime

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from app.accounts.models import utcnow
from app.extensions import db


class Frequency(enum.StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"


class Subscriber(db.Model):
    """One address and what it follows. Unconfirmed (``confirmed_at`` None) until the
    reader opens the link of the confirmation mail: only confirmed addresses get digests.

    Never public: no page, feed, dataset, search or export reads this table.
    """

    __tablename__ = "subscriber"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Lower-cased, so that one reader is one row whatever case they type.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    # Feed kinds followed ("meetings", "reports"...); empty means everything, kinds added
    # later included.
    kinds: Mapped[list[str]] = mapped_column(JSON, default=list)
    frequency: Mapped[str] = mapped_column(String(10), default=Frequency.WEEKLY.value)
    language: Mapped[str] = mapped_column(String(10))
    # The latest request to subscribe: an unconfirmed one is purged a week after it.
    requested_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    confirmed_at: Mapped[datetime | None] = mapped_column(index=True)
    # What the latest digest covered up to (sent or found empty); the next lists what
    # was published after it.
    last_digest_at: Mapped[datetime | None]
    # The latest confirmation or "manage your subscription" mail: a form posted again and
    # again sends at most one per SUBSCRIPTION_MAIL_INTERVAL to the same address.
    last_mailed_at: Mapped[datetime | None]

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def follows_everything(self) -> bool:
        return not self.kinds
