"""Republishing the whole demo after an edit: exactly the pages that show the change.

Each test edits the demo as a coordinator would, republishes with the changed record,
and checks both sides: the pages that show the record are re-rendered, the others are
not, and the result is the same, file for file, as a full export of the edited site.
"""

import pytest
from sqlalchemy import select

from app.decisions.models import Decision
from app.editing.services import create_record, publish_record, save_record, trash_record
from app.export import run_export
from app.export.state import rendering
from app.extensions import db
from app.meetings.minutes import approve_minutes
from app.meetings.models import Meeting, Minutes, MinutesStage
from app.reports.models import Report
from app.uploads.services import attachments_of
from tests.export_helpers import assert_same_as_a_full_export, manifest_pages


@pytest.fixture
def site(demo_site):
    """The whole demo, exported; returns (app, export folder)."""
    return demo_site


def republish(app, out, changes):
    with app.app_context():
        report = run_export(out, changes=changes)
    assert report.ok, report.problems
    assert report.mode == "incremental", report.reason
    return report


def amended_minutes() -> Minutes:
    """The demo's minutes that were corrected once: version 1 and an amendment.

    The demo's dates follow today's, so tests find its records by what they are.
    """
    found = [m for m in db.session.scalars(select(Minutes)) if len(m.versions) > 1]
    assert len(found) == 1
    return found[0]


def is_guideline_or_elsewhere(path: str) -> bool:
    """Pages that show nothing of meetings, decisions or minutes."""
    return path.startswith(("/guidelines/", "/reports/", "/funding/", "/pages/", "/files/"))


def test_editing_one_meeting_re_renders_only_the_pages_that_show_it(site, tmp_path):
    app, out = site
    with app.app_context():
        meeting = amended_minutes().meeting  # it has decisions, and approved earlier minutes
        key, body = meeting.key, meeting.body.slug
        save_record(meeting, {"place": "Provincial hall, Can Tho"}, meeting.head_revision_id, None)
        publish_record(meeting, None)
        meeting_id = meeting.id
    before = manifest_pages(out)
    report = republish(app, out, [("meeting", meeting_id)])
    rendered = set(report.rendered)

    page = f"/meetings/{key}/"
    shows_it = {page, f"{page}minutes-v1.md", f"{page}minutes-v2.md", "/meetings/",
                f"/meetings/bodies/{body}/", "/meetings/upcoming.ics"}  # fmt: skip
    assert shows_it <= rendered
    assert "Provincial hall, Can Tho" in (out / page[1:] / "index.html").read_text("utf-8")
    # Of the other meetings, only those whose page links to this one (it approved their
    # minutes) are rendered again; the other body's page, the guideline, reports,
    # funding, plain pages and files are not.
    others = {
        path
        for path in before
        if path.startswith("/meetings/20") and path.endswith("/") and path != page
    }
    linking = {path for path in others if page in before[path]["links_text"].split("\n")}
    assert linking and rendered & others == linking
    assert [path for path in rendered if path.startswith("/meetings/bodies/")] == [
        f"/meetings/bodies/{body}/"
    ]
    assert not [path for path in rendered if is_guideline_or_elsewhere(path)]
    # The A–Z index shows the meeting's title and address, which did not change.
    assert not [path for path in rendered if path.endswith("/search/all/")]
    assert len(rendered) < len(before) // 4
    assert_same_as_a_full_export(app, out, tmp_path)


def test_renaming_a_meeting_re_renders_the_a_to_z_index_in_every_language(site, tmp_path):
    app, out = site
    with app.app_context():
        meeting = amended_minutes().meeting
        save_record(meeting, {"title": "Delta water council"}, meeting.head_revision_id, None)
        publish_record(meeting, None)
        meeting_id = meeting.id
    report = republish(app, out, [("meeting", meeting_id)])
    assert {"/search/all/", "/fr/search/all/", "/es/search/all/", "/ar/search/all/"} <= set(
        report.rendered
    )
    for index in ("search/all/index.html", "fr/search/all/index.html"):
        assert "Delta water council" in (out / index).read_text("utf-8")
    assert_same_as_a_full_export(app, out, tmp_path)


def test_a_decision_published_for_a_meeting_appears_on_that_meeting_page(site, tmp_path):
    app, out = site
    with app.app_context():
        meeting = amended_minutes().meeting
        key, year = meeting.key, meeting.meeting_date.year
        decision = create_record(
            Decision,
            {"number": "SC-2025-99", "title": "Salinity sensors in every province",
             "text": "", "meeting_id": meeting.id, "state": "agreed", "links": []},
            None,
        )  # fmt: skip
        publish_record(decision, None)
        decision_id = decision.id
    report = republish(app, out, [("decision", decision_id)])
    rendered = set(report.rendered)
    # The page of the meeting that took it was exported before the decision existed.
    assert f"/meetings/{key}/" in rendered
    assert "Salinity sensors in every province" in (out / f"meetings/{key}/index.html").read_text(
        "utf-8"
    )
    assert not [path for path in rendered
                if path.startswith("/meetings/20") and key not in path]  # fmt: skip
    assert {"/decisions/", f"/decisions/year/{year}/", "/decisions/status/agreed/"} <= rendered
    assert_same_as_a_full_export(app, out, tmp_path)


def test_minutes_approved_and_published_appear_with_their_text_file(site, tmp_path):
    app, out = site
    with app.app_context():
        minutes = db.session.scalar(select(Minutes).where(Minutes.stage == MinutesStage.CIRCULATED))
        key = minutes.meeting.key
        later = db.session.scalar(
            select(Meeting)
            .where(Meeting.meeting_date > minutes.meeting.meeting_date)
            .order_by(Meeting.meeting_date)
        )
        approve_minutes(minutes, later, later.meeting_date, None)
        publish_record(minutes, None)
        minutes_id = minutes.id
    assert not (out / f"meetings/{key}/minutes-v1.md").exists()
    report = republish(app, out, [("minutes", minutes_id)])
    assert {f"/meetings/{key}/", f"/meetings/{key}/minutes-v1.md"} <= set(report.rendered)
    assert (out / f"meetings/{key}/minutes-v1.md").is_file()
    assert_same_as_a_full_export(app, out, tmp_path)


def test_a_report_put_in_the_trash_loses_its_page_and_its_files(site, tmp_path):
    app, out = site
    with app.app_context():
        report_record = db.session.scalar(
            select(Report).where(Report.slug == "mid-term-evaluation")
        )
        files = [f"/files/{a.id}/{a.original_name}" for a in attachments_of(report_record)]
        trash_record(report_record, None)
        report_id = report_record.id
    assert files and all((out / path[1:]).is_file() for path in files)
    report = republish(app, out, [("report", report_id)])
    assert set(report.removed) >= {"/reports/mid-term-evaluation/", *files}
    assert not (out / "reports/mid-term-evaluation").exists()
    assert not any((out / path[1:]).exists() for path in files)
    assert "Mid-term evaluation" not in (out / "reports/index.html").read_text("utf-8")
    assert_same_as_a_full_export(app, out, tmp_path)


def test_a_meeting_page_depends_on_what_it_shows(site):
    """Read from the page's own render: each record shown, and each list of a parent's."""
    app, _out = site
    client = app.test_client()
    with app.app_context():
        minutes = amended_minutes()
        meeting = minutes.meeting
        decisions = db.session.scalars(
            select(Decision).where(Decision.meeting_id == meeting.id)
        ).all()
        ids = meeting.id, meeting.body_id, minutes.id, minutes.approved_at_meeting_id
    with rendering() as page:
        assert client.get(f"/meetings/{meeting.key}/").status_code == 200
    meeting_id, body_id, minutes_id, approving_id = ids
    assert {
        f"meeting:{meeting_id}", f"governance-body:{body_id}", f"minutes:{minutes_id}",
        f"minutes:meeting={meeting_id}", f"decision:meeting={meeting_id}",
        f"meeting:{approving_id}", "setting:name",
    } <= page.dependencies  # fmt: skip
    assert decisions and {f"decision:{d.id}" for d in decisions} <= page.dependencies
    assert {f"action:decision={d.id}" for d in decisions} <= page.dependencies
    # It depends on no whole kind: an edit of another meeting or decision leaves it alone.
    assert not [key for key in page.dependencies if key.endswith(":*")]
