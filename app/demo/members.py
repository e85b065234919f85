"""The demo's members' area: a partner contact to sign in as, and a report kept for members."""

import secrets
from datetime import date

from sqlalchemy import select

from app.accounts.models import Role
from app.accounts.services import create_user, find_user
from app.demo.pdf import simple_pdf
from app.editing.services import create_record
from app.editing.sharing import MemberShare, mark_members_only, share_with_members
from app.extensions import db
from app.partners.models import Partner
from app.reports.models import Report, ReportType
from app.uploads.services import store_attachment

DEMO_PARTNER = "partner@example.org"
DEMO_PARTNER_ORGANISATION = "ctu-climate-institute"

# A consultation draft: what a partnership circulates to its members before it decides.
MEMBERS_REPORT = {
    "title": "Resource mobilisation strategy 2027–2030: consultation draft",
    "slug": "resource-mobilisation-strategy-consultation",
    "report_type": ReportType.POLICY.value,
    "summary": (
        "For members only, before the General Assembly decides. The draft proposes a "
        "membership fee scaled to each organisation's size, a pooled fund for joint "
        "proposals, and a cap on any single funder's share of the budget.\n\n"
        "Please send your comments to the secretariat within four weeks."
    ),
    "sdgs": [6, 17],
    "language": "en",
}
MEMBERS_REPORT_FILE = "resource-mobilisation-consultation-draft.pdf"


def load_members_demo(today: date) -> list[str]:
    """Add the partner contact and the members' report if missing; say what was added."""
    loaded = []
    organisation = db.session.scalar(
        select(Partner.slug).where(Partner.slug == DEMO_PARTNER_ORGANISATION)
    )
    if organisation and find_user(DEMO_PARTNER) is None:
        password = secrets.token_urlsafe(12)
        create_user(DEMO_PARTNER, password, Role.PARTNER, organisation, name="Lan Nguyen")
        loaded.append(f"a partner contact (sign in as {DEMO_PARTNER} with password {password})")
    if db.session.scalar(select(MemberShare.id).limit(1)) is None:
        _members_report(today)
        loaded.append("a report shared with members only")
    return loaded


def _members_report(today: date) -> None:
    report = create_record(Report, {**MEMBERS_REPORT, "issued_on": today.isoformat()}, None)
    pdf = simple_pdf(MEMBERS_REPORT["title"], ["Consultation draft for members."])
    store_attachment(report, pdf, MEMBERS_REPORT_FILE, None)
    db.session.commit()
    mark_members_only(report, None)
    share_with_members(report, None)
