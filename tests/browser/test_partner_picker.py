"""A coordinator on a phone records who came to a meeting by picking partners by name.

The demo's partners are picked by typing a few letters of a name (without its accents),
or of a short name, and Enter; the arrow keys choose among several matches. The actions a
person takes are counted against a budget: the picker is there to save them.
"""

import re

from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.meetings.models import Meeting
from tests.browser.checks import accessibility_problems, overflow_problems
from tests.browser.page_types import sign_in
from tests.browser.person import Counted, assert_within

# (what is typed, arrow-down presses, the partner it picks and its address).
PICKS = [
    ("farmers", 0, "Delta Farmers' Union", "delta-farmers-union"),
    ("can tho", 1, "Cần Thơ University, Climate Change Institute (demo)", "ctu-climate-institute"),
    ("fishers", 0, "Mekong Fishers' Network", "mekong-fishers-network"),
    ("wcw", 0, "Women for Clean Water Viet Nam", "women-for-clean-water"),
    ("lao r", 0, "Lao Rural Water Association", "lao-rural-water"),
]
# Clicks and key presses (each typed letter is one) to pick the five partners and save;
# typing their addresses instead, one per line, would take 102 key presses.
ACTION_BUDGET = 40


def test_records_five_partners_present_by_name_on_a_phone(
    phone_page, coordinator, live_server, tmp_path
):
    page = phone_page
    # Chromium reports what the Content-Security-Policy blocks as console errors.
    blocked = []
    page.on("console", lambda m: "Content Security Policy" in m.text and blocked.append(m.text))
    sign_in(page, coordinator.email, coordinator.password)
    page.goto("/manage/meeting/new")
    # The fields around the picker are not what is measured: they are filled, not counted.
    page.get_by_label("Title").fill("Delta dialogue on salinity")
    page.get_by_label("Body").select_option(index=1)
    page.get_by_label("Date", exact=True).fill("2026-11-20")

    person = Counted(page)
    # The plain field (names one per line) gives way to the picker.
    expect(page.locator("textarea#attendance")).to_be_hidden()
    search = page.get_by_role("combobox", name="Add a partner")
    chosen = page.get_by_role("list", name="Partners present")
    person.click(search)
    for number, (text, downs, name, _slug) in enumerate(PICKS, start=1):
        person.type(text)
        option = page.get_by_role("option", name=re.compile("^" + re.escape(name)))
        expect(option).to_be_visible()
        if number == 2:
            assert not (problems := accessibility_problems(page)), problems
        for _ in range(downs):
            person.press("ArrowDown")
        expect(option).to_have_attribute("aria-selected", "true")
        person.press("Enter")
        expect(chosen.get_by_role("listitem")).to_have_count(number)
        expect(chosen.get_by_role("listitem").last).to_contain_text(name)
        expect(search).to_be_focused()
        expect(search).to_have_value("")

    # Names, never addresses, and a way to take each one back.
    expect(chosen).not_to_contain_text("delta-farmers-union")
    expect(chosen.get_by_role("button", name="Remove Lao Rural Water Association")).to_be_visible()
    assert not (problems := overflow_problems(page)), problems
    page.screenshot(path=tmp_path / "partner-picker-390px.png", full_page=True)

    person.click(page.get_by_role("button", name="Save draft"))
    expect(page.get_by_role("status").filter(has_text="Draft created")).to_be_visible()
    assert_within(person, ACTION_BUDGET)

    assert blocked == []

    with live_server.app.app_context():
        meeting = db.session.scalars(
            select(Meeting).where(Meeting.title == "Delta dialogue on salinity")
        ).one()
        assert meeting.attendance == [slug for *_, slug in PICKS]
    # The saved meeting comes back with the same partners, by name.
    expect(chosen.get_by_role("listitem")).to_have_count(len(PICKS))
    expect(chosen.get_by_role("listitem").first).to_contain_text("Delta Farmers' Union")
