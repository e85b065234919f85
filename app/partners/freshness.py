"""How current an entry is, from the date its organisation last confirmed it.

Modelled on the traffic light of the UN's Partnerships for SDGs registry, with thresholds
for a coalition that asks its partners to confirm their entry once a year:

- green, "current": confirmed within the last 12 months;
- yellow, "due": confirmed 12 to 24 months ago, so the yearly check is overdue;
- red, "stale": confirmed more than 24 months ago, or never.
"""

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

CURRENT_DAYS = 365
DUE_DAYS = 730


@dataclass(frozen=True)
class Freshness:
    light: str  # "green", "yellow" or "red": a CSS class
    label: str  # words, so the light never relies on colour alone
    days: int | None


LABELS = {
    "green": _l("Current"),
    "yellow": _l("Due for confirmation"),
    "red": _l("Not confirmed recently"),
}


def freshness_of(last_confirmed: date | None, today: date | None = None) -> Freshness:
    if last_confirmed is None:
        return Freshness("red", str(LABELS["red"]), None)
    days = ((today or date.today()) - last_confirmed).days
    if days <= CURRENT_DAYS:
        light = "green"
    elif days <= DUE_DAYS:
        light = "yellow"
    else:
        light = "red"
    return Freshness(light, str(LABELS[light]), days)
