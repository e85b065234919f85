"""The directory as JSON, in the Popolo data specification's terms.

Each partner is a Popolo ``organization`` (id, name, other_names, classification,
identifiers, contact_details, links, image), and its place in the partnership a
``membership`` (member, organization_id, role, start_date, end_date) of the partnership,
which is itself the first organization. What Popolo has no field for (stakeholder group
slug, SDGs, contributions, ...) is added under plain names that Popolo does not use.
"""

from collections.abc import Callable, Sequence
from functools import cache

import orjson
from flask import current_app, url_for

from app.i18n import url_builder
from app.partners.models import Partner
from app.partners.publishing import attachment_url, first_image, is_web_address, public_contact
from app.partners.services import PartnerRow, published_rows
from app.partners.vocab import group_label, role_label
from app.uploads.models import Attachment
from app.uploads.services import attachments_by_record

PARTNERSHIP_ID = "partnership"


def published_json() -> str:
    """Every published organisation as Popolo JSON text (/data/partners.json)."""
    from app.site.services import site_settings

    document = popolo_document(published_rows(), site_settings()["name"])
    # Compact, for a file a third smaller that browsers and programs lay out themselves.
    # orjson writes the same text as json.dumps(..., ensure_ascii=False, separators=(",",
    # ":")) several times faster, and the export writes this file again after every edit
    # of one partner.
    return orjson.dumps(document).decode()


def popolo_organization(
    organisation: Partner | PartnerRow,
    build_url: Callable[..., str],
    attachments: Sequence[Attachment],
    label_group: Callable[[str | None], str],
) -> dict:
    """One partner as a Popolo organization; ``attachments`` are the partner's."""
    contact = public_contact(organisation)
    page = build_url("partners.partner", slug=organisation.slug, _external=True)
    data = {
        "id": organisation.slug,
        "name": organisation.name,
        "other_names": (
            [{"name": organisation.short_name, "note": "short name"}]
            if organisation.short_name
            else []
        ),
        "classification": label_group(organisation.stakeholder_group),
        "identifiers": [{"scheme": "roundtable-slug", "identifier": organisation.slug}],
        "contact_details": [],
        "links": [{"url": page, "note": "directory entry"}],
        # Not Popolo fields:
        "stakeholder_group": organisation.stakeholder_group,
        "country": organisation.country,
        "region": organisation.region,
        "city": organisation.city,
        "description": organisation.description,
        "sdgs": organisation.sdgs,
        "sdg_targets": organisation.sdg_targets,
        "focus_areas": organisation.focus_areas,
        "contributions": organisation.contributions,
        "languages": organisation.languages,
        "last_confirmed": (
            organisation.last_confirmed_on.isoformat() if organisation.last_confirmed_on else None
        ),
    }
    if is_web_address(organisation.website):
        data["links"].insert(0, {"url": organisation.website, "note": "website"})
    if contact.email:
        data["contact_details"].append(
            {"type": "email", "label": contact.name or "contact", "value": contact.email}
        )
    if contact.phone:
        data["contact_details"].append(
            {"type": "voice", "label": contact.name or "contact", "value": contact.phone}
        )
    if contact.name:
        data["contact_person"] = {"name": contact.name, "role": contact.role}
    logo = first_image(attachments)
    if logo is not None:
        data["image"] = attachment_url(logo, external=True)
    return data


def popolo_membership(
    organisation: Partner | PartnerRow, label_role: Callable[[str | None], str]
) -> dict:
    role = label_role(organisation.role)
    return {
        "id": f"{organisation.slug}-membership",
        "label": f"{organisation.name}: {role}",
        "role": role,
        "member": {"@type": "Organization", "id": organisation.slug},
        "organization_id": PARTNERSHIP_ID,
        "start_date": organisation.joined_on.isoformat() if organisation.joined_on else None,
        "end_date": organisation.left_on.isoformat() if organisation.left_on else None,
        # Not a Popolo field: the role as a stable slug.
        "role_code": organisation.role,
    }


def popolo_document(organisations: list[Partner] | list[PartnerRow], site_name: str) -> dict:
    build_url = url_builder(current_app)  # a URL per partner: url_for, built faster
    # Every logo in one query: a query a partner took most of the live file's time.
    attachments = attachments_by_record(Partner.record_type)
    # The same few labels, translated once each rather than once a partner.
    label_group, label_role = cache(group_label), cache(role_label)
    partnership = {
        "id": PARTNERSHIP_ID,
        "name": site_name,
        "classification": "multi-stakeholder partnership",
        "links": [{"url": url_for("home.index", _external=True), "note": "website"}],
    }
    organizations = [
        popolo_organization(o, build_url, attachments.get(o.id, ()), label_group)
        for o in organisations
    ]
    return {
        "meta": {"specification": "Popolo (organizations and memberships)"},
        "organizations": [partnership, *organizations],
        "memberships": [popolo_membership(o, label_role) for o in organisations],
    }
