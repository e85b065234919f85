"""Applications to join: the public form's submissions and the secretariat's decisions."""

import hashlib
import hmac
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select

from app.accounts.models import User, utcnow
from app.audit.services import record_event
from app.editing.services import create_record
from app.extensions import db
from app.partners.csvdata import slugify
from app.partners.models import JoinApplication, Partner
from app.partners.services import slug_taken
from app.partners.signals import application_submitted

# At most this many applications from one address in one hour.
APPLICATIONS_PER_HOUR = 5


def address_hash(address: str | None) -> str:
    """A keyed hash of the sender's IP address: stable for rate limiting, not reversible."""
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, (address or "").encode(), hashlib.sha256).hexdigest()


def too_many_from(address: str | None) -> bool:
    since = utcnow() - timedelta(hours=1)
    count = db.session.scalar(
        select(func.count()).where(
            JoinApplication.address_hash == address_hash(address),
            JoinApplication.created_at >= since,
        )
    )
    return count >= APPLICATIONS_PER_HOUR


def submit_application(values: dict, address: str | None) -> JoinApplication:
    """Store an application for the secretariat to review, and commit."""
    application = JoinApplication(**values, address_hash=address_hash(address))
    db.session.add(application)
    db.session.flush()
    application_submitted.send(application)
    db.session.commit()
    return application


def pending_applications() -> list[JoinApplication]:
    return list(
        db.session.scalars(
            select(JoinApplication)
            .where(JoinApplication.status == "pending")
            .order_by(JoinApplication.created_at)
        )
    )


def decided_applications(limit: int = 20) -> list[JoinApplication]:
    return list(
        db.session.scalars(
            select(JoinApplication)
            .where(JoinApplication.status != "pending")
            .order_by(JoinApplication.decided_at.desc())
            .limit(limit)
        )
    )


def free_slug(name: str) -> str:
    base = slugify(name) or "organisation"
    slug, number = base, 2
    while slug_taken(slug):
        slug, number = f"{base}-{number}", number + 1
    return slug


def accept_application(application: JoinApplication, user: User) -> Partner:
    """Turn the application into a draft organisation (not public until published)."""
    contribution = application.contribution.strip()
    description = application.description
    if contribution:
        description += "\n\n**What we would bring:** " + contribution
    values = {
        "name": application.name,
        "short_name": application.short_name,
        "slug": free_slug(application.name),
        "stakeholder_group": application.stakeholder_group,
        "country": application.country,
        "city": application.city,
        "website": application.website,
        "description": description,
        "sdgs": application.sdgs,
        "role": "member",
        "joined_on": utcnow().date().isoformat(),
        "contact_name": application.contact_name,
        "contact_role": application.contact_role,
        "contact_email": application.contact_email,
        "contact_phone": application.contact_phone,
        "contact_email_visibility": "hidden",
        "last_confirmed_on": application.created_at.date().isoformat(),
    }
    organisation = create_record(
        Partner, values, user, note=f"From the application of {application.contact_name}"
    )
    application.status = "accepted"
    application.decided_at = utcnow()
    application.decided_by_id = user.id
    application.organisation_id = organisation.id
    record_event("accept-application", actor=user, record=organisation, detail=application.name)
    db.session.commit()
    return organisation


def decline_application(application: JoinApplication, user: User) -> None:
    application.status = "declined"
    application.decided_at = utcnow()
    application.decided_by_id = user.id
    record_event("decline-application", actor=user, detail=application.name)
    db.session.commit()
