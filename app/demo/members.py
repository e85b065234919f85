"""The demo's members' area: a report kept for members, which the demo's partner contact
(app.partners.demo) reads in /members/ after signing in."""

from datetime import date

from sqlalchemy import select

from app.demo.pdf import simple_pdf
from app.editing.services import create_record
from app.editing.sharing import MemberShare, mark_members_only, share_with_members
from app.extensions import db
from app.reports.models import Report, ReportType
from app.uploads.services import store_attachment

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
    """Add the members' report if no record is kept for members yet; say what was added."""
    if db.session.scalar(select(MemberShare.id).limit(1)) is not None:
        return []
    _members_report(today)
    return ["a report shared with members only"]


def _members_report(today: date) -> None:
    report = create_record(Report, {**MEMBERS_REPORT, "issued_on": today.isoformat()}, None)
    pdf = simple_pdf(MEMBERS_REPORT["title"], ["Consultation draft for members."])
    store_attachment(report, pdf, MEMBERS_REPORT_FILE, None)
    db.session.commit()
    mark_members_only(report, None)
    share_with_members(report, None)
