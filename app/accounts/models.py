"""The people who can sign in."""

import enum
from datetime import UTC, datetime

from sqlalchemy import ForeignKey, String
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
    # Empty for an invited person until they set a password through their invitation.
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
    # The interface language of /manage this user chose; None follows the browser's
    # Accept-Language.
    language: Mapped[str | None] = mapped_column(String(10))

    # Flask-Login protocol. The session and the remember-me cookie store
    # "id.version.token": bumping the version invalidates every cookie issued before, and
    # the token names the SignInSession row without which the cookie is refused.
    is_authenticated = True
    is_anonymous = False
    # The token of the sign-in session this object was loaded for (not a column).
    session_token: str = ""

    @property
    def is_active(self) -> bool:
        return not self.is_disabled

    @property
    def is_invited(self) -> bool:
        """Invited and without a password yet: no password matches the empty hash."""
        return self.password_hash == ""  # nosec B105: no hash yet, not a password

    def get_id(self) -> str:
        return f"{self.id}.{self.session_version}.{self.session_token}"

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role.value}>"


class SignInSession(db.Model):
    """One browser signed in as a user: listed at /manage/account/, ended from there.

    A session cookie is only honoured while its row exists; ending a session deletes the
    row. Only a SHA-256 of the cookie's random token is stored, so that a copy of the
    database cannot be turned into cookies.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Updated at most once a minute (see SESSION_SEEN_EVERY_SECONDS), not on every request.
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    address: Mapped[str] = mapped_column(String(45), default="")
    user_agent: Mapped[str] = mapped_column(String(500), default="")
    # Kept signed in by the remember-me cookie: lives as long as that cookie.
    is_remembered: Mapped[bool] = mapped_column(default=False)


class SignInFailures(db.Model):
    """Failed sign-ins counted under one key ("account:...", "address:...", "device:...").

    Kept in the database (unless Redis is configured) so that every worker counts together.
    A key is forgotten LOGIN_FAILURES_FORGOTTEN_AFTER seconds after its last failure.
    """

    __tablename__ = "sign_in_failures"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    last_failure_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
