"""Each user's choice of delivery per kind of notice."""

from sqlalchemy import delete, select

from app.accounts.models import User
from app.extensions import db
from app.notifications.kinds import BY_NAME, Delivery, Kind, kinds_for
from app.notifications.models import NotificationPreference


def chosen_deliveries(user: User) -> dict[str, Delivery]:
    """Every kind the user's role receives -> how they receive it (chosen or default)."""
    rows = db.session.scalars(
        select(NotificationPreference).where(NotificationPreference.user_id == user.id)
    )
    chosen = {row.kind: Delivery(row.delivery) for row in rows if row.kind in BY_NAME}
    return {kind.name: chosen.get(kind.name, kind.default) for kind in kinds_for(user.role)}


def delivery_for(user: User, kind: Kind) -> Delivery:
    """How ``user`` receives ``kind``: NEVER for a kind their role does not receive."""
    if user.role not in kind.roles or user.is_disabled:
        return Delivery.NEVER
    row = db.session.get(NotificationPreference, (user.id, kind.name))
    return Delivery(row.delivery) if row else kind.default


def save_preferences(user: User, choices: dict[str, str]) -> None:
    """Keep ``choices`` (kind name -> delivery) for the kinds the user's role receives,
    and commit; a choice equal to the default is kept too, so a later change of default
    does not change what the user chose."""
    names = [kind.name for kind in kinds_for(user.role) if kind.name in choices]
    db.session.execute(
        delete(NotificationPreference).where(
            NotificationPreference.user_id == user.id, NotificationPreference.kind.in_(names)
        )
    )
    for name in names:
        delivery = Delivery(choices[name])
        db.session.add(NotificationPreference(user_id=user.id, kind=name, delivery=delivery))
    db.session.commit()
