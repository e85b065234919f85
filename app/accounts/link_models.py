"""One-time links sent by mail: an invitation, a password reset, an email change."""

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.accounts.models import utcnow
from app.extensions import db


class Purpose(enum.StrEnum):
    INVITATION = "invitation"  # an invited person sets their first password
    RESET = "reset"  # someone who forgot their password sets a new one
    EMAIL_CHANGE = "email-change"  # confirms the new address of an account


class OneTimeLink(db.Model):
    """A link that works once, until it expires.

    Only a SHA-256 of the link's random token is stored, so a copy of the database holds
    no working link. ``used_at`` is set when the link is used; issuing a new link of the
    same purpose marks the older ones used, so only the latest mail works.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    purpose: Mapped[Purpose] = mapped_column(
        db.Enum(
            Purpose, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e]
        )
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    # The address an email change moves the account to.
    new_email: Mapped[str | None] = mapped_column(String(254))
    # The language the mail was written in, for the page the link opens.
    language: Mapped[str | None] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
