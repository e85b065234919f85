"""A person who uses only the keyboard (no mouse, no touch) searches the directory and
edits a page: Tab reaches each control in reading order, the focus ring shows where they
are, and neither a live update nor a save drops them back to the top of the page."""

import itertools
import re

from playwright.sync_api import Page, expect

from tests.browser.checks import FOCUS_JS
from tests.browser.page_types import sign_in

_slugs = itertools.count(1)


def tab_to(page: Page, locator, limit: int = 200) -> int:
    """Press Tab until ``locator`` has the focus; returns how many presses it took.

    Fails if it never does, or if a stop on the way has no visible ring.
    """
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        focused = page.evaluate_handle("document.activeElement")
        ring = page.evaluate(FOCUS_JS, focused)
        assert ring["style"] != "none" and ring["width"] >= 2, f"no ring on {ring['name']!r}"
        if locator.evaluate("(element, focused) => element === focused", focused):
            return presses
    raise AssertionError(f"Tab never reached {locator}")


def test_searches_and_filters_the_directory_with_the_keyboard_alone(page):
    page.goto("/partners/")
    names = page.locator(".partner-list .partner h3 a")
    expect(names.first).to_be_visible()

    search = page.get_by_label("Search partners")
    tab_to(page, search)
    page.keyboard.type("water", delay=30)
    expect(page).to_have_url(re.compile(r"\?q=water$"))
    # The results changed under the box, and the reader is still typing in it.
    expect(search).to_be_focused()

    # The filters come next in the Tab order, after the Search button.
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Search", exact=True)).to_be_focused()
    first_group = page.locator("#results fieldset").first.get_by_role("checkbox").first
    page.keyboard.press("Tab")
    expect(first_group).to_be_focused()

    cambodia = page.get_by_role("checkbox", name=re.compile(r"^Cambodia"))
    tab_to(page, cambodia)
    page.keyboard.press("Space")
    expect(page).to_have_url(re.compile(r"\?q=water&country=kh$"))
    for meta in page.locator(".partner-list .partner-meta").all_inner_texts():
        assert " · Cambodia" in meta, meta
    # The filters were replaced with fresh counts; the focus stays on the box just ticked,
    # so the next Tab goes on from there rather than from the top of the page.
    expect(cambodia).to_be_checked()
    expect(cambodia).to_be_focused()
    page.keyboard.press("Space")
    expect(page).to_have_url(re.compile(r"\?q=water$"))
    expect(cambodia).to_be_focused()

    # Enter on a result opens it.
    first = names.first
    name = first.inner_text()
    tab_to(page, first)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)


def test_writes_and_saves_a_page_with_the_keyboard_alone(page, coordinator):
    sign_in(page, coordinator.email, coordinator.password)
    expect(page.get_by_role("status")).to_contain_text("Signed in")
    page.goto("/manage/page/new")

    # From the top of the page: skip link, then straight to the form.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    page.keyboard.press("Enter")
    title = page.get_by_label("Title")
    tab_to(page, title)
    page.keyboard.type("Keyboard notes")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Address")).to_be_focused()
    page.keyboard.type(f"keyboard-notes-{next(_slugs)}")
    text = page.get_by_label("Text")
    tab_to(page, text)
    page.keyboard.type("Written **without** a mouse.")
    save = page.get_by_role("button", name="Save draft")
    tab_to(page, save)
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Draft created")

    # On the edit page the preview follows the keyboard too, and Space publishes.
    text = page.get_by_label("Text")
    tab_to(page, text)
    page.keyboard.press("End")
    page.keyboard.type(" Every month.")
    expect(page.locator("#preview strong")).to_have_text("without")
    expect(page.locator("#preview")).to_contain_text("Every month.")
    publish = page.get_by_role("button", name="Save and publish")
    tab_to(page, publish)
    page.keyboard.press("Space")
    expect(page.get_by_role("status")).to_contain_text("The public now sees this version")
    expect(text).to_have_value("Written **without** a mouse. Every month.")
