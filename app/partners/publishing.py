"""What the public may see of an organisation, in each form it is published in.

The organisation page, its JSON-LD, the CSV and the Popolo JSON all take the contact point
from ``public_contact``, so a detail the partner did not make public appears nowhere.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass

from flask import url_for
from markupsafe import Markup

from app.partners.models import Partner
from app.partners.vocab import role_label
from app.uploads.models import Attachment
from app.uploads.services import attachments_of

# schema.org types for the stakeholder groups that have one.
SCHEMA_TYPES = {
    "government": "GovernmentOrganization",
    "local-authority": "GovernmentOrganization",
    "civil-society": "NGO",
    "private-sector": "Corporation",
    "academia": "ResearchOrganization",
    "workers": "WorkersUnion",
    "media": "NewsMediaOrganization",
}


@dataclass(frozen=True)
class PublicContact:
    name: str = ""
    role: str = ""
    email: str = ""  # only when the partner chose to show it as a link
    email_disguised: str = ""  # "name [at] example [dot] org", never a link
    phone: str = ""

    def __bool__(self) -> bool:
        return any((self.name, self.role, self.email, self.email_disguised, self.phone))


def disguise_email(email: str) -> str:
    local, _at, domain = email.partition("@")
    return f"{local} [at] {domain.replace('.', ' [dot] ')}"


def public_contact(organisation: Partner) -> PublicContact:
    visibility = organisation.contact_email_visibility
    email = organisation.contact_email or ""
    return PublicContact(
        name=organisation.contact_name if organisation.contact_name_public else "",
        role=organisation.contact_role if organisation.contact_role_public else "",
        email=email if visibility == "public" else "",
        email_disguised=disguise_email(email) if email and visibility == "obfuscated" else "",
        phone=organisation.contact_phone if organisation.contact_phone_public else "",
    )


def logo_of(organisation: Partner) -> Attachment | None:
    """The organisation's logo: its first attached image."""
    return first_image(attachments_of(organisation))


def first_image(attachments: Iterable[Attachment]) -> Attachment | None:
    return next((attachment for attachment in attachments if attachment.is_image), None)


def attachment_url(attachment: Attachment, external: bool = False) -> str:
    return url_for(
        "uploads.download",
        attachment_id=attachment.id,
        filename=attachment.original_name,
        _external=external,
    )


def is_web_address(url: str | None) -> bool:
    return bool(url) and url.startswith(("https://", "http://"))


def json_ld(organisation: Partner, site_name: str) -> Markup:
    """schema.org data for the organisation page, safe inside a <script> element.

    json.dumps escapes quotes; "<", ">" and "&" are written as \\u escapes so that no
    value can close the script element or open a comment, whatever a partner typed.
    """
    page = url_for("partners.partner", slug=organisation.slug, _external=True)
    data = {
        "@context": "https://schema.org",
        "@type": SCHEMA_TYPES.get(organisation.stakeholder_group, "Organization"),
        "@id": page,
        "name": organisation.name,
        "url": organisation.website if is_web_address(organisation.website) else page,
        "mainEntityOfPage": page,
    }
    if organisation.short_name:
        data["alternateName"] = organisation.short_name
    if organisation.description:
        data["description"] = organisation.description[:1000]
    if organisation.country:
        address = {"@type": "PostalAddress", "addressCountry": organisation.country}
        if organisation.city:
            address["addressLocality"] = organisation.city
        data["address"] = address
    if organisation.languages:
        data["knowsLanguage"] = organisation.languages
    if organisation.focus_areas:
        data["knowsAbout"] = organisation.focus_areas
    logo = logo_of(organisation)
    if logo is not None:
        data["logo"] = attachment_url(logo, external=True)
    role = {
        "@type": "OrganizationRole",
        "roleName": role_label(organisation.role),
        "memberOf": {
            "@type": "Organization",
            "name": site_name,
            "url": url_for("home.index", _external=True),
        },
    }
    if organisation.joined_on:
        role["startDate"] = organisation.joined_on.isoformat()
    if organisation.left_on:
        role["endDate"] = organisation.left_on.isoformat()
    data["memberOf"] = role
    contact = public_contact(organisation)
    if contact.email or contact.phone:
        point = {"@type": "ContactPoint", "contactType": contact.role or "partnership contact"}
        if contact.name:
            point["name"] = contact.name
        if contact.email:
            point["email"] = contact.email
        if contact.phone:
            point["telephone"] = contact.phone
        data["contactPoint"] = point
    text = json.dumps(data, ensure_ascii=False, indent=1)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)  # noqa: S704  # nosec B704 (escaped for a script element just above)


def targets_by_goal(organisation: Partner) -> dict[int, list[str]]:
    """The organisation's targets under each of its goals: {6: ["6.1", "6.a"], 13: []}."""
    return {
        goal: [target for target in organisation.sdg_targets if target.split(".")[0] == str(goal)]
        for goal in organisation.sdgs
    }
