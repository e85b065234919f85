"""A coordinator adds a new member organisation to the directory, on a desktop or a phone.

From the dashboard the staffer opens Partners, then New partner; types the name, picks the
stakeholder group and the country, says in a line what the organisation does and what it
brings, gives the contact person and their email, and saves a draft. Nobody outside sees
the draft. Publish, and the organisation has its public page and a place in the directory.
"""

import re
import secrets

from playwright.sync_api import expect

from tests.browser.checks import accessibility_problems, overflow_problems
from tests.browser.manage_menu import follow_manage_link
from tests.browser.page_types import sign_in
from tests.browser.person import Counted, assert_within

# The task asks for 8 things (name, group, country, what they do, their goal, what they
# bring, contact name, contact email), one action each. Two clicks reach the form from the
# dashboard (three behind a phone's Menu); one saves, one publishes, one opens the public
# page: 14. More would mean the form or the way to it grew a step.
ACTION_BUDGET = 14


def test_adds_a_partner_and_the_public_finds_it_in_the_directory(
    viewport_page, viewport, coordinator, live_server, screenshots
):
    page = viewport_page
    sign_in(page, coordinator.email, coordinator.password)
    expect(page.get_by_role("status")).to_contain_text("Signed in")
    name = f"Hau Giang Youth for Water {secrets.token_hex(3)}"
    person = Counted(page)

    page.goto("/manage/")
    follow_manage_link(person, "Partners")
    person.click(page.get_by_role("link", name="New partner"))
    expect(page.get_by_role("heading", level=1)).to_have_text("New partner")

    person.fill(page.get_by_label("Name", exact=True), name)
    person.select(page.get_by_label("Stakeholder group"), "Civil society / NGO")
    person.select(page.get_by_label("Country"), "Viet Nam")
    person.fill(
        page.get_by_label("About the organisation"),
        "Young volunteers who test **well water** in Hau Giang and teach villages to read "
        "the results.",
    )
    person.check(page.get_by_role("checkbox", name="6. Clean water and sanitation"))
    person.fill(page.get_by_label("Contributions"), "staff-time: water testing in 12 villages")
    person.fill(page.get_by_label("Contact person", exact=True), "Trần Thị Mai")
    person.fill(page.get_by_label("Contact email", exact=True), "mai@hgyouth.example.org")
    assert not (problems := accessibility_problems(page)), problems
    if viewport == "phone":
        assert not (problems := overflow_problems(page)), problems
    page.screenshot(path=screenshots / f"task-add-partner-form-{viewport}.png", full_page=True)

    person.click(page.get_by_role("button", name="Save draft"))
    expect(page.get_by_role("status")).to_contain_text("Draft created")
    expect(page.get_by_role("heading", level=1)).to_have_text(name)

    # A reader who never signed in, in a browser context of their own.
    reader = page.context.browser.new_context(base_url=live_server.url)
    try:
        person.click(
            page.get_by_role("region", name="Status").get_by_role("button", name="Publish")
        )
        expect(page.get_by_role("status")).to_contain_text("Published. The public now sees")
        person.click(page.get_by_role("link", name="View public page"))
        public_url = page.url
        assert "/partners/" in public_url, public_url
        assert_within(person, ACTION_BUDGET)

        main = page.get_by_role("main")
        expect(page.get_by_role("heading", level=1)).to_have_text(name)
        expect(main).to_contain_text("Civil society / NGO")
        expect(main).to_contain_text("Viet Nam")
        expect(main.locator("strong", has_text="well water")).to_be_visible()
        expect(main).to_contain_text("water testing in 12 villages")
        if viewport == "phone":
            assert not (problems := overflow_problems(page)), problems
        page.screenshot(path=screenshots / f"task-add-partner-{viewport}.png", full_page=True)

        # The directory lists it: found by a word of its name, as a reader would search.
        directory = reader.new_page()
        directory.goto("/partners/")
        directory.get_by_role("searchbox").first.fill(name.split()[-1])
        directory.get_by_role("searchbox").first.press("Enter")
        expect(directory).to_have_url(re.compile(r"[?&]q="))
        # The live search may still swap the results in: a click on the list it replaces
        # goes nowhere. Click once nothing is left to arrive.
        directory.wait_for_load_state("networkidle")
        expect(directory.get_by_role("link", name=name)).to_be_visible()
        directory.get_by_role("link", name=name).click()
        expect(directory.get_by_role("heading", level=1)).to_have_text(name)
        assert directory.url == public_url
    finally:
        reader.close()
