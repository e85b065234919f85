from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


class MemberVisit(db.Model):
    """When a person last opened the members' area: what was shared since is new to them."""

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    visited_at: Mapped[datetime]
