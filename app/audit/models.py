from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User, utcnow
from app.extensions import db


class AuditEvent(db.Model):
    """One thing that happened. Rows are only ever added.

    ``actor`` is who did it (None for the system or an anonymous visitor); ``user`` is the
    account it concerned, if any; ``record_type``/``record_id`` the record, if any.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    action: Mapped[str] = mapped_column(String(40))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    record_type: Mapped[str | None] = mapped_column(String(40))
    record_id: Mapped[int | None]
    # The client address as the app sees it (behind a proxy: see TRUSTED_PROXIES).
    address: Mapped[str] = mapped_column(String(45), default="")
    detail: Mapped[str] = mapped_column(Text, default="")

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id], lazy="joined")
    user: Mapped[User | None] = relationship(foreign_keys=[user_id], lazy="joined")

    def __repr__(self) -> str:
        return f"<AuditEvent {self.action} user={self.user_id} by={self.actor_id}>"
