"""Who the members are, and what waits for a member's organisation."""

from dataclasses import dataclass

from sqlalchemy import select

from app.accounts.invitations import NO_PASSWORD_YET
from app.accounts.models import Role, User
from app.decisions.models import OPEN_STATES, Action
from app.editing.models import Status
from app.extensions import db
from app.partners.models import Partner


def organisation_of(user: User) -> Partner | None:
    """The directory's entry of the organisation a partner contact speaks for, if any."""
    if not user.organisation_slug:
        return None
    return db.session.scalar(
        select(Partner).where(
            Partner.slug == user.organisation_slug, Partner.status != Status.TRASHED
        )
    )


@dataclass(frozen=True)
class Member:
    """What members see of each other: a name and an organisation, nothing more."""

    name: str
    organisation: str
    stakeholder_group: str


def members() -> list[Member]:
    """Every member with an account in use, by organisation and name."""
    rows = db.session.execute(
        select(User.name, Partner.name, Partner.stakeholder_group)
        .join(Partner, Partner.slug == User.organisation_slug)
        .where(
            User.role == Role.PARTNER,
            User.is_disabled.is_(False),
            # Invited but not yet joined: no account in use.
            User.password_hash != NO_PASSWORD_YET,
            Partner.status != Status.TRASHED,
        )
        .order_by(Partner.name, User.name)
    )
    return [Member(name or "", organisation, group or "") for name, organisation, group in rows]


def open_actions_of(organisation_slug: str) -> list[Action]:
    """The organisation's open actions in the register, soonest due first."""
    return list(
        db.session.scalars(
            select(Action)
            .where(
                Action.owner_slug == organisation_slug,
                Action.status == Status.PUBLISHED,
                Action.state.in_(OPEN_STATES),
            )
            .order_by(Action.due_on.is_(None), Action.due_on, Action.id)
        )
    )
