"""The demo coalition's partners (demo_partners.yml) and a partner user who speaks for one."""

import secrets
from datetime import date, timedelta
from pathlib import Path

import yaml
from sqlalchemy import select

from app.accounts.models import Role
from app.accounts.services import create_user, find_user
from app.editing.models import RevisionKind
from app.editing.services import create_record, publish_record
from app.extensions import db
from app.partners.models import Partner

DEMO_PARTNER_USER = "partner@example.org"
DEMO_PARTNER_SLUG = "delta-farmers-union"
DATA = Path(__file__).with_name("demo_partners.yml")


def _values(entry: dict, today: date) -> dict:
    """An entry of demo_partners.yml as the values of an organisation record."""
    contact = entry.get("contact", {})
    months = entry.get("confirmed_months_ago")
    return {
        "name": entry["name"],
        "short_name": entry.get("short_name", ""),
        "slug": entry["slug"],
        "stakeholder_group": entry["group"],
        "country": entry["country"],
        "city": entry.get("city", ""),
        "website": f"https://{entry['slug']}.example.org/",
        "description": entry.get("description", ""),
        "sdgs": entry.get("sdgs", []),
        "sdg_targets": [str(target) for target in entry.get("targets", [])],
        "focus_areas": entry.get("focus", []),
        "role": entry["role"],
        "joined_on": entry.get("joined"),
        "left_on": entry.get("left"),
        "contributions": [
            {"type": kind.strip(), "description": text.strip()}
            for kind, _sep, text in (line.partition(":") for line in entry.get("contributions", []))
        ],
        "contact_name": contact.get("name", ""),
        "contact_role": contact.get("role", ""),
        "contact_email": contact.get("email", ""),
        "contact_phone": contact.get("phone", ""),
        "contact_name_public": bool(contact.get("name")),
        "contact_role_public": bool(contact.get("role")),
        "contact_email_visibility": contact.get("email_visibility", "hidden"),
        "contact_phone_public": bool(contact.get("phone")),
        "languages": entry.get("languages", []),
        "last_confirmed_on": (
            None if months is None else (today - timedelta(days=30 * months)).isoformat()
        ),
    }


def demo_partners(today: date | None = None) -> list[dict]:
    entries = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return [_values(entry, today or date.today()) for entry in entries]


def load_demo_partners() -> list[str]:
    """Add the demo partners (published) and a partner user, if missing; what was added."""
    added = []
    existing = set(db.session.scalars(select(Partner.slug)))
    count = 0
    for values in demo_partners():
        if values["slug"] in existing:
            continue
        organisation = create_record(
            Partner, values, None, note="Demo data", kind=RevisionKind.IMPORT
        )
        publish_record(organisation, None)
        count += 1
    if count:
        added.append(f"{count} partner organisations")
    if find_user(DEMO_PARTNER_USER) is None:
        password = secrets.token_urlsafe(12)
        create_user(
            DEMO_PARTNER_USER, password, Role.PARTNER, DEMO_PARTNER_SLUG, name="Trần Văn Minh"
        )
        added.append(
            f"a partner user for the Delta Farmers' Union (sign in as {DEMO_PARTNER_USER} "
            f"with password {password})"
        )
    return added
