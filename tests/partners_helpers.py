"""Helpers for the partner directory's tests."""

import itertools

from sqlalchemy import func, select

from app.editing.services import create_record, publish_record
from app.extensions import db
from app.partners.models import Partner

_numbers = itertools.count(1)


def make_partner(app, publish=True, **values) -> int:
    """Add an organisation through the editing services; returns its id."""
    number = next(_numbers)
    defaults = {
        "name": f"Partner {number}",
        "slug": f"partner-{number}",
        "stakeholder_group": "civil-society",
        "country": "VN",
        "role": "member",
    }
    with app.app_context():
        organisation = create_record(Partner, {**defaults, **values}, None)
        if publish:
            publish_record(organisation, None)
        return organisation.id


def organisation_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Partner))


def form_data(snapshot: dict, **changes) -> dict:
    """What the organisation form posts for a snapshot (checkboxes only when ticked)."""
    values = {**snapshot, **changes}
    data = {"change_note": ""}
    for name, value in values.items():
        if name == "sdgs":
            data[name] = [str(goal) for goal in value]
        elif name == "contributions":
            data[name] = "\n".join(f"{c['type']}: {c['description']}" for c in value)
        elif name in ("sdg_targets", "focus_areas", "languages"):
            data[name] = ", ".join(value)
        elif isinstance(value, bool):
            if value:
                data[name] = "y"
        else:
            data[name] = "" if value is None else str(value)
    return data
