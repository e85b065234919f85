"""The demo coalition's transparency record has what the sample promises, and every page
of it opens. ``demo`` is a copy of the full demo, loaded once per backend (tests/conftest.py)."""

import gzip
from collections import Counter
from pathlib import Path

from sqlalchemy import func, select

from app.decisions.models import Action, Decision
from app.editing.models import Status
from app.extensions import db
from app.funding.models import FundingSource
from app.meetings.models import GovernanceBody, Meeting, Minutes, MinutesAmendment, MinutesStage
from app.reports.models import Report
from app.transparency.dates import local_today
from app.uploads.services import attachments_of

CSS = Path(__file__).resolve().parent.parent / "static" / "css" / "site.css"


def test_the_demo_has_the_promised_record(demo):
    app = demo
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(GovernanceBody)) == 2
        approved = db.session.scalars(
            select(Minutes).where(
                Minutes.stage == MinutesStage.APPROVED, Minutes.status == Status.PUBLISHED
            )
        ).all()
        days = sorted(minutes.meeting.meeting_date for minutes in approved)
        assert len(approved) >= 8 and (days[-1] - days[0]).days > 365
        assert db.session.scalar(select(func.count()).select_from(MinutesAmendment)) == 1
        private = db.session.scalars(select(Minutes).where(Minutes.status != Status.PUBLISHED))
        assert {minutes.stage for minutes in private} == {
            MinutesStage.DRAFT,
            MinutesStage.CIRCULATED,
        }
        assert db.session.scalar(select(func.count()).select_from(Decision)) == 20
        actions = db.session.scalars(select(Action)).all()
        assert {action.state.value for action in actions} == {
            "open", "in progress", "done", "cancelled"}  # fmt: skip
        assert any(action.is_overdue(local_today()) for action in actions)
        # Published: the demo's one report kept for members is not (tests/test_members_leaks.py).
        reports = db.session.scalars(select(Report).where(Report.status == Status.PUBLISHED)).all()
        assert len(reports) == 6
        assert all(attachments_of(r)[0].content_type == "application/pdf" for r in reports)
        funders = Counter(s.funder_slug for s in db.session.scalars(select(FundingSource)))
        assert len(funders) >= 5


def test_every_demo_page_opens(demo):
    app, client = demo, demo.test_client()
    with app.app_context():
        meetings = db.session.scalars(select(Meeting)).all()
        urls = [f"/meetings/{m.key}/" for m in meetings]
        published = select(Report).where(Report.status == Status.PUBLISHED)
        urls += [f"/reports/{r.slug}/" for r in db.session.scalars(published)]
    urls += ["/", "/meetings/", "/meetings/bodies/steering-committee/", "/decisions/",
             "/decisions/?action=overdue", "/reports/", "/funding/", "/feed.xml",
             "/meetings/upcoming.ics", "/data/meetings.json"]  # fmt: skip
    for url in urls:
        assert client.get(url).status_code == 200, url
    home = client.get("/").get_data(as_text=True)
    assert "Latest minutes and reports" in home and "Annual report" in home


def test_a_meeting_page_fits_in_the_first_round_trip(demo):
    """DESIGN.md: a meeting page with the CSS it needs is at most 14 KB gzip-compressed."""
    app, client = demo, demo.test_client()
    with app.app_context():
        amended = db.session.scalar(select(MinutesAmendment)).minutes.meeting
        url = f"/meetings/{amended.key}/"
    html = client.get(url).data
    assert b"History of these minutes" in html
    size = len(gzip.compress(html, 9)) + len(gzip.compress(CSS.read_bytes(), 9))
    assert size <= 14 * 1024, size


def test_every_partner_the_record_names_is_in_the_directory(demo):
    from app.transparency.partners import unknown_slugs

    app = demo

    with app.app_context():
        named = [source.funder_slug for source in db.session.scalars(select(FundingSource))]
        named += [action.owner_slug for action in db.session.scalars(select(Action))]
        for meeting in db.session.scalars(select(Meeting)):
            named += meeting.attendance
        for body in db.session.scalars(select(GovernanceBody)):
            named += body.members
        named = [slug for slug in named if slug]
        assert named, "the demo names partners"
        assert unknown_slugs(named) == []
