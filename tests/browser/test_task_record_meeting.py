"""A coordinator records a meeting and the five partners who came, on a desktop or a phone.

From the dashboard the staffer opens Meetings, then New meeting; types the title, picks
the body that met, gives the date and the agenda, and picks the partners present by a few
letters of each name (Enter takes the highlighted match, the arrow keys another). The
saved draft lists the five by name; published, so does the public meeting page.
"""

import re
import secrets

from playwright.sync_api import expect

from tests.browser.checks import accessibility_problems, overflow_problems
from tests.browser.manage_menu import follow_manage_link
from tests.browser.page_types import sign_in
from tests.browser.person import Counted, assert_within

# (what is typed, arrow-down presses, the partner it picks), from the demo's directory.
PICKS = [
    ("farmers", 0, "Delta Farmers' Union"),
    ("can tho", 1, "Cần Thơ University, Climate Change Institute (demo)"),
    ("fishers", 0, "Mekong Fishers' Network"),
    ("wcw", 0, "Women for Clean Water Viet Nam"),
    ("lao r", 0, "Lao Rural Water Association"),
]
# test_partner_picker.py allows 40 actions to pick these five and save. Around that: at
# most 3 to reach the form (Menu on a phone, Meetings, New meeting), 4 fields (title,
# body, date, agenda), Publish and View public page: 49.
ACTION_BUDGET = 49


def test_records_a_meeting_with_five_partners_present(
    viewport_page, viewport, coordinator, screenshots
):
    page = viewport_page
    sign_in(page, coordinator.email, coordinator.password)
    expect(page.get_by_role("status")).to_contain_text("Signed in")
    title = f"Salinity intrusion dialogue {secrets.token_hex(3)}"
    person = Counted(page)

    page.goto("/manage/")
    follow_manage_link(person, "Meetings")
    person.click(page.get_by_role("link", name="New meeting"))
    expect(page.get_by_role("heading", level=1)).to_have_text("New meeting")

    person.fill(page.get_by_label("Title"), title)
    person.select(page.get_by_label("Body"), "Steering Committee")
    person.fill(page.get_by_label("Date", exact=True), "2026-11-27")
    person.fill(
        page.get_by_label("Agenda"),
        "Salinity readings since October\nSluice gate schedule\nNext steps",
    )

    search = page.get_by_role("combobox", name="Add a partner")
    chosen = page.get_by_role("list", name="Partners present")
    person.click(search)
    for number, (text, downs, name) in enumerate(PICKS, start=1):
        person.type(text)
        option = page.get_by_role("option", name=re.compile("^" + re.escape(name)))
        # A person reads the matches before choosing among them.
        expect(option).to_be_visible()
        for _ in range(downs):
            person.press("ArrowDown")
        expect(option).to_have_attribute("aria-selected", "true")
        person.press("Enter")
        expect(chosen.get_by_role("listitem")).to_have_count(number)
    assert not (problems := accessibility_problems(page)), problems
    if viewport == "phone":
        assert not (problems := overflow_problems(page)), problems
    page.screenshot(path=screenshots / f"task-record-meeting-form-{viewport}.png", full_page=True)

    person.click(page.get_by_role("button", name="Save draft"))
    expect(page.get_by_role("status").filter(has_text="Draft created")).to_be_visible()
    # The saved meeting comes back with the five, by name, in the order they were picked.
    names = [name for *_, name in PICKS]
    expect(chosen.get_by_role("listitem")).to_have_count(len(PICKS))
    for item, name in zip(chosen.get_by_role("listitem").all(), names, strict=True):
        expect(item).to_contain_text(name)

    person.click(page.get_by_role("region", name="Status").get_by_role("button", name="Publish"))
    expect(page.get_by_role("status").filter(has_text="Published.")).to_be_visible()
    person.click(page.get_by_role("link", name="View public page"))
    assert_within(person, ACTION_BUDGET)

    expect(page.get_by_role("heading", level=1)).to_contain_text(title)
    present = page.get_by_role("main").locator("#attendance + p + ul li")
    expect(present).to_have_text(names)
    if viewport == "phone":
        assert not (problems := overflow_problems(page)), problems
    page.screenshot(path=screenshots / f"task-record-meeting-{viewport}.png", full_page=True)
