"""The kinds of notice, whom each is for, and how it is delivered until a user chooses."""

import enum
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

from app.accounts.models import Role


class Delivery(enum.StrEnum):
    IMMEDIATELY = "immediately"  # one mail per notice, as soon as it happens
    DAILY = "daily"  # listed in one mail a day
    NEVER = "never"  # nothing is kept


DELIVERY_LABELS = {
    Delivery.IMMEDIATELY: _l("Immediately"),
    Delivery.DAILY: _l("Daily digest"),
    Delivery.NEVER: _l("Never"),
}

STAFF = frozenset({Role.ADMIN, Role.EDITOR})
PARTNER = frozenset({Role.PARTNER})


@dataclass(frozen=True)
class Kind:
    name: str
    label: Any  # a lazy string: the row of the preferences table
    roles: frozenset[Role]
    default: Delivery


APPLICATION = Kind("application", _l("A new application to join"), STAFF, Delivery.IMMEDIATELY)
SUGGESTION = Kind("suggestion", _l("A partner's suggested edit"), STAFF, Delivery.DAILY)
CONFLICT = Kind("conflict", _l("A conflict waiting to be resolved"), STAFF, Delivery.DAILY)
PUBLISH_FAILED = Kind("publish-failed", _l("A failed Publish"), STAFF, Delivery.IMMEDIATELY)
ANSWER = Kind(
    "answer", _l("Your suggested edit accepted or declined"), PARTNER, Delivery.IMMEDIATELY
)
YEARLY_CHECK = Kind(
    "yearly-check",
    _l("Once a year: is your organisation's entry still right?"),
    PARTNER,
    Delivery.IMMEDIATELY,
)
ACTION_DUE = Kind(
    "action-due",
    _l("An action of your organisation due soon, or overdue"),
    PARTNER,
    Delivery.IMMEDIATELY,
)

KINDS = (APPLICATION, SUGGESTION, CONFLICT, PUBLISH_FAILED, ANSWER, YEARLY_CHECK, ACTION_DUE)
BY_NAME = {kind.name: kind for kind in KINDS}


def kinds_for(role: Role) -> list[Kind]:
    """The kinds a user of ``role`` can receive, in the preferences table's order."""
    return [kind for kind in KINDS if role in kind.roles]
