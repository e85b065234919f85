"""Who is told: the coordinators, and the contacts of a partner organisation."""

from sqlalchemy import select

from app.accounts.models import Role, User
from app.extensions import db


def coordinators() -> list[User]:
    """Every administrator and editor whose account is on."""
    return list(
        db.session.scalars(
            select(User).where(
                User.role.in_([Role.ADMIN, Role.EDITOR]), User.is_disabled.is_(False)
            )
        )
    )


def partner_contacts(organisation_slug: str) -> list[User]:
    """The partner users who speak for the organisation ``organisation_slug``."""
    if not organisation_slug:
        return []
    return list(
        db.session.scalars(
            select(User).where(
                User.role == Role.PARTNER,
                User.organisation_slug == organisation_slug,
                User.is_disabled.is_(False),
            )
        )
    )
