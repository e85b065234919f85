"""A coordinator records a decision and the action that carries it out, on a desktop or a
phone.

From the dashboard the staffer opens Decisions, then New decision; gives its number, a
line saying what was decided, the decision as taken and the meeting that took it, and
saves. From the decision's own screen they add an action: what is to be done, the partner
who owns it (picked by a few letters of its name) and when it is due. While the decision
is a draft, the public register shows neither; published, /decisions/ shows the decision
with its action, owner, due date and status.
"""

import re
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

OWNER = "Mekong Fishers' Network"
# Up to 3 to reach the form (Menu on a phone, Decisions, New decision), 4 fields (number,
# in short, the text, the meeting) and save: 8. Add an action, 3 fields (what, due date,
# the owner's search box), 7 letters and Enter to pick the owner, save and publish: 13.
# Back to the decision, publish it, open the public register: 3. In all 24.
ACTION_BUDGET = 24


def meeting_label(live_server) -> str:
    """A published Steering Committee meeting of this run's own, as the lists show it."""
    token = secrets.token_hex(3)
    with live_server.app.app_context():
        body_id = db.session.scalar(
            select(GovernanceBody.id).where(GovernanceBody.name == "Steering Committee")
        )
        title = f"Dry season planning {token}"
        make_meeting(body_id, "2026-11-24", slug=f"dry-season-{token}", title=title)
    return f"2026-11-24 {title}"


def test_adds_a_decision_with_an_action_and_the_register_shows_both(
    viewport_page, viewport, coordinator, live_server, screenshots
):
    page = viewport_page
    meeting = meeting_label(live_server)
    sign_in(page, coordinator.email, coordinator.password)
    expect(page.get_by_role("status")).to_contain_text("Signed in")
    number = f"SC-2026-{secrets.token_hex(2).upper()}"
    decided = f"Share salinity readings weekly ({number})"
    action = f"Set up the weekly readings sheet for {number}"
    person = Counted(page)

    page.goto("/manage/")
    follow_manage_link(person, "Decisions")
    person.click(page.get_by_role("link", name="New decision"))
    expect(page.get_by_role("heading", level=1)).to_have_text("New decision")
    person.fill(page.get_by_label("Number"), number)
    person.fill(page.get_by_label("In short"), decided)
    person.fill(
        page.get_by_label("The decision as taken"),
        "Members share their **salinity readings** every Monday on the shared sheet.",
    )
    person.select(page.get_by_label("Taken at the meeting of"), meeting)
    assert not (problems := accessibility_problems(page)), problems
    if viewport == "phone":
        assert not (problems := overflow_problems(page)), problems
    person.click(page.get_by_role("button", name="Save draft"))
    expect(page.get_by_role("status").first).to_contain_text("Draft created")

    actions = page.get_by_role("region", name="Actions")
    person.click(actions.get_by_role("link", name="Add an action"))
    expect(page.get_by_role("heading", level=1)).to_have_text("New action")
    # Started from the decision, the form already names it.
    expect(page.get_by_label("Carries out decision").locator("option:checked")).to_have_text(
        re.compile(re.escape(number))
    )
    person.fill(page.get_by_label("Action", exact=True), action)
    person.click(page.get_by_role("combobox", name="Choose a partner"))
    person.type("fishers")
    option = page.get_by_role("option", name=re.compile("^" + re.escape(OWNER)))
    expect(option).to_have_attribute("aria-selected", "true")
    person.press("Enter")
    expect(page.get_by_role("list", name="Owner")).to_contain_text(OWNER)
    person.fill(page.get_by_label("Due on"), "2027-01-15")
    assert not (problems := accessibility_problems(page)), problems
    if viewport == "phone":
        assert not (problems := overflow_problems(page)), problems
    page.screenshot(path=screenshots / f"task-add-decision-action-{viewport}.png", full_page=True)
    person.click(page.get_by_role("button", name="Save and publish"))
    expect(page.get_by_role("status").first).to_contain_text("Created and published")

    # The decision is still a draft: nothing of it, its action included, is public.
    reader = page.context.browser.new_context(base_url=live_server.url)
    try:
        register = reader.new_page()
        register.goto("/decisions/")
        expect(register.get_by_role("main")).not_to_contain_text(number)
        expect(register.get_by_role("main")).not_to_contain_text(action)

        person.click(page.get_by_role("link", name=re.compile(re.escape(number))))
        person.click(
            page.get_by_role("region", name="Status").get_by_role("button", name="Publish")
        )
        expect(page.get_by_role("status").first).to_contain_text("Published")
        person.click(page.get_by_role("link", name="View public page"))
        assert_within(person, ACTION_BUDGET)

        article = page.locator("article.decision", has_text=number)
        expect(article.get_by_role("heading")).to_contain_text(decided)
        expect(article.locator("strong", has_text="salinity readings")).to_be_visible()
        row = article.get_by_role("row", name=re.compile(re.escape(action)))
        expect(row.get_by_role("cell").nth(1)).to_have_text(OWNER)
        expect(row.get_by_role("cell").nth(2)).to_have_text("15 January 2027")
        expect(row.get_by_role("cell").nth(3)).to_have_text("Open")
        if viewport == "phone":
            assert not (problems := overflow_problems(page)), problems
        article.scroll_into_view_if_needed()
        page.screenshot(path=screenshots / f"task-add-decision-{viewport}.png")
        # And so does a reader who never signed in.
        register.reload()
        expect(register.locator("article.decision", has_text=number)).to_contain_text(action)
    finally:
        reader.close()
