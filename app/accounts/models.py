"""The people who can sign in."""

import enum
from datetime import UTC, datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


def utcnow() -> datetime:
    return datetime.now(UTC)


class Role(enum.StrEnum):
    ADMIN = "admin"  # users and settings, and everything an editor does
    EDITOR = "editor"  # all content
    PARTNER = "partner"  # their own organisation's entry, submitted for review


class User(db.Model):
    # "user" is reserved in PostgreSQL.
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(
        db.Enum(Role, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e])
    )
    # Slug of the partner organisation a partner user speaks for.
    organisation_slug: Mapped[str | None] = mapped_column(String(120))
    is_disabled: Mapped[bool] = mapped_column(default=False)
    # Bumped to end every session of this user at once (logout everywhere, disabling).
    session_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    # Failed sign-ins since the last successful one; kept in the database so that the lock
    # holds across restarts and workers (see LOGIN_LOCK_AFTER).
    failed_logins: Mapped[int] = mapped_column(default=0, server_default="0")
    locked_until: Mapped[datetime | None]
    # The interface language of /manage this user chose; None follows the browser's
    # Accept-Language.
    language: Mapped[str | None] = mapped_column(String(10))

    # Flask-Login protocol. The session stores "id.version", so bumping the version
    # invalidates every cookie issued before.
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        return not self.is_disabled

    def get_id(self) -> str:
        return f"{self.id}.{self.session_version}"

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role.value}>"
