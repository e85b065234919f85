"""A partner contact confirming that their organisation's entry is still right.

The date of the confirmation is what the freshness light reads (``freshness.py``).
"""

from datetime import date

from app.accounts.models import User
from app.audit.services import record_event
from app.editing.models import Status
from app.editing.services import publish_record, save_record
from app.extensions import db
from app.partners.models import Partner

NOTE = "Confirmed that the entry is still right"


def confirm_entry(partner: Partner, user: User | None, today: date | None = None) -> None:
    """Record ``today`` as the entry's last confirmation, and commit.

    It is saved as a revision (the history shows who confirmed, and when). A published
    entry shows it at once: by publishing that revision when nothing else waits to be
    published, otherwise on the public entry alone, so that drafts waiting for review
    stay unpublished.
    """
    today = today or date.today()
    nothing_waits = (
        partner.status is Status.PUBLISHED
        and partner.head_revision_id == partner.published_revision_id
    )
    save_record(
        partner, {"last_confirmed_on": today.isoformat()}, partner.head_revision_id, user, NOTE
    )
    if nothing_waits:
        publish_record(partner, user)
    elif partner.status is Status.PUBLISHED:
        partner.last_confirmed_on = today
        record_event("confirm-entry", actor=user, record=partner, detail=NOTE)
        db.session.commit()
