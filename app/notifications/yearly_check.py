"""Once a year, each partner's contacts are asked whether their entry is still right.

The mail's link is signed for one contact and one organisation: it opens a page whose one
button confirms the entry (``app.partners.confirmation``), which turns its freshness light
green, or leads to the edit form when something changed.
"""

from datetime import date

from flask import current_app
from itsdangerous import BadData, URLSafeTimedSerializer
from sqlalchemy import select

from app.accounts.models import User
from app.editing.models import Status
from app.extensions import db
from app.notifications import kinds
from app.notifications.links import absolute_url
from app.notifications.notices import notify
from app.notifications.recipients import partner_contacts
from app.notifications.reminders import already_sent, mark_sent
from app.partners.models import Partner

SALT = "roundtable.yearly-check"
# A link older than this is refused: the next year's mail brings a new one.
LINK_MAX_AGE_SECONDS = 180 * 24 * 3600


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def confirmation_token(partner_id: int, user_id: int) -> str:
    return _serializer().dumps({"partner": partner_id, "user": user_id})


def read_confirmation_token(token: str) -> tuple[int, int] | None:
    """The (partner id, user id) a link was signed for; None if it was altered or expired."""
    try:
        data = _serializer().loads(token, max_age=LINK_MAX_AGE_SECONDS)
        return int(data["partner"]), int(data["user"])
    except (BadData, KeyError, TypeError, ValueError):
        return None


def entry_of_link(token: str) -> tuple[Partner, User] | None:
    """The entry and the contact a link was signed for; None if it was altered or expired,
    or if the contact no longer speaks for that entry."""
    signed = read_confirmation_token(token)
    if signed is None:
        return None
    partner, user = db.session.get(Partner, signed[0]), db.session.get(User, signed[1])
    if partner is None or partner.status is Status.TRASHED or user is None:
        return None
    if user.is_disabled or user.organisation_slug != partner.slug:
        return None
    return partner, user


def _whole_years(start: date, today: date) -> int:
    return today.year - start.year - ((today.month, today.day) < (start.month, start.day))


def _anniversary(start: date, years: int) -> date:
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February
        return start.replace(year=start.year + years, day=28)


def check_due_on(partner: Partner, today: date) -> date | None:
    """The date the entry's latest yearly check fell due, or None before the first.

    A year after its last confirmation (or, never confirmed, after its first publication),
    and every year after that while it is not confirmed again.
    """
    start = partner.last_confirmed_on or (
        partner.published_at.date() if partner.published_at else None
    )
    if start is None:
        return None
    years = _whole_years(start, today)
    return _anniversary(start, years) if years >= 1 else None


def send_yearly_checks(today: date) -> int:
    """Ask the contacts of every published entry whose check is due, once per due date,
    and commit; returns how many organisations were asked."""
    asked = 0
    partners = db.session.scalars(select(Partner).where(Partner.status == Status.PUBLISHED))
    for partner in partners.all():
        due = check_due_on(partner, today)
        if due is None or already_sent(partner.record_type, partner.id, "yearly-check", due):
            continue
        contacts = partner_contacts(partner.slug)
        if not contacts:
            continue  # asked once someone speaks for it
        for contact in contacts:
            token = confirmation_token(partner.id, contact.id)
            notify(
                [contact],
                kinds.YEARLY_CHECK,
                "yearly-check",
                absolute_url("notifications.confirm_entry", token=token),
                subject=partner.name,
            )
        mark_sent(partner.record_type, partner.id, "yearly-check", due)
        db.session.commit()
        asked += 1
    return asked
