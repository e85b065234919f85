"""A coordinator takes a past meeting's minutes from draft to the public meeting page.

The staffer opens the meeting from the Meetings list and writes its minutes from there,
saves the draft, marks it as circulated to the members, records that the next meeting
approved it (today, the form's own date), and publishes. The public meeting page then
shows the approved minutes with their date; before publishing it shows none of it.
"""

import secrets

from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.meetings.models import GovernanceBody
from tests.browser.checks import accessibility_problems, overflow_problems
from tests.browser.manage_menu import follow_manage_link
from tests.browser.page_types import sign_in
from tests.browser.person import Counted, assert_within
from tests.transparency_helpers import make_meeting

# One action for each step a rule of procedure asks for (write, save, circulate, choose
# the approving meeting, approve, publish): 6. Two to open the meeting from the dashboard
# (three behind a phone's Menu), one to start its minutes, one to see the public page: 11.
ACTION_BUDGET = 11


def past_meetings(live_server) -> tuple[str, str]:
    """Two published Steering Committee meetings, this run's own: the one to minute and
    the next, which approves the minutes. Their labels as the /manage lists show them."""
    token = secrets.token_hex(3)
    with live_server.app.app_context():
        body_id = db.session.scalar(
            select(GovernanceBody.id).where(GovernanceBody.name == "Steering Committee")
        )
        minuted = f"Sluice gates review {token}"
        approving = f"Quarterly review {token}"
        make_meeting(body_id, "2026-09-15", slug=f"sluice-{token}", title=minuted)
        make_meeting(body_id, "2026-10-20", slug=f"quarterly-{token}", title=approving)
    return f"2026-09-15 {minuted}", f"2026-10-20 {approving}"


def test_takes_a_meetings_minutes_from_draft_to_published(
    viewport_page, viewport, coordinator, live_server, screenshots
):
    page = viewport_page
    minuted, approving = past_meetings(live_server)
    sign_in(page, coordinator.email, coordinator.password)
    expect(page.get_by_role("status")).to_contain_text("Signed in")
    flash = page.get_by_role("status")
    person = Counted(page)

    page.goto("/manage/")
    follow_manage_link(person, "Meetings")
    person.click(page.get_by_role("link", name=minuted))
    person.click(page.get_by_role("link", name="Write the minutes"))
    expect(page.get_by_role("heading", level=1)).to_have_text("New minutes")
    # Started from the meeting, the form already names it.
    expect(page.get_by_label("Meeting")).to_have_value(
        page.get_by_label("Meeting").locator("option", has_text=minuted).get_attribute("value")
    )
    person.fill(
        page.get_by_label("Minutes", exact=True),
        "## Sluice gates\n\nThe committee agreed to **open the Cái Lớn gates** at low tide only.",
    )
    assert not (problems := accessibility_problems(page)), problems
    person.click(page.get_by_role("button", name="Save draft"))
    expect(flash).to_contain_text("Draft created")

    person.click(page.get_by_role("button", name="Mark as circulated"))
    expect(flash).to_contain_text("Marked as circulated to the members. Still private.")
    person.select(page.get_by_label("Approved at the meeting of"), approving)
    assert not (problems := accessibility_problems(page)), problems
    if viewport == "phone":
        assert not (problems := overflow_problems(page)), problems
    page.screenshot(
        path=screenshots / f"task-publish-minutes-approve-{viewport}.png", full_page=True
    )
    person.click(page.get_by_role("button", name="Approve these minutes"))
    expect(flash).to_contain_text("Approved. The text is now fixed")

    # Approved is not yet public: the meeting page still waits for the minutes.
    reader = page.context.browser.new_context(base_url=live_server.url)
    try:
        public_page = reader.new_page()
        public_page.goto("/meetings/")
        public_page.get_by_role("link", name=minuted.split(" ", 1)[1]).click()
        expect(public_page.get_by_role("main")).to_contain_text(
            "The minutes appear here once the members have approved them."
        )
        expect(public_page.get_by_role("main")).not_to_contain_text("Cái Lớn")

        person.click(page.get_by_role("button", name="Publish the approved minutes"))
        expect(flash).to_contain_text("Published")
        person.click(page.get_by_role("link", name="View public page"))
        assert_within(person, ACTION_BUDGET)

        expect(page.get_by_role("heading", name="Minutes", exact=True)).to_be_visible()
        minutes = page.locator(".minutes")
        expect(minutes.locator("strong")).to_have_text("open the Cái Lớn gates")
        expect(page.get_by_role("main")).to_contain_text("Approved on")
        expect(page.get_by_role("main")).not_to_contain_text("once the members have approved")
        if viewport == "phone":
            assert not (problems := overflow_problems(page)), problems
        page.screenshot(path=screenshots / f"task-publish-minutes-{viewport}.png", full_page=True)
        # And so does a reader who never signed in.
        public_page.reload()
        expect(public_page.locator(".minutes strong")).to_have_text("open the Cái Lớn gates")
    finally:
        reader.close()
