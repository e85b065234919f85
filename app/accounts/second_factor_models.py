"""A user's second factor: a time-based one-time password secret and recovery codes."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.accounts.models import utcnow
from app.extensions import db


class SecondFactor(db.Model):
    """One per user who set up (or is setting up) an authenticator app.

    The secret is stored encrypted (see ``second_factor_secrets``). Until ``confirmed_at``
    is set, the row is a setup in progress and signing in does not ask for a code.
    """

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), primary_key=True)
    secret: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    confirmed_at: Mapped[datetime | None]
    # The 30-second time step of the last code accepted: a code of that step or an
    # earlier one is refused, so an overheard code cannot be used again.
    last_used_step: Mapped[int | None]
    # Wrong codes since the last right one, and until when no code is even checked.
    failed_attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    blocked_until: Mapped[datetime | None]

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class RecoveryCode(db.Model):
    """A single-use code for signing in without the authenticator app; stored hashed."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(200))
    used_at: Mapped[datetime | None]
