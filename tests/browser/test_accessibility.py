"""Every kind of page, checked as a person with a screen reader, a keyboard or low vision
meets it: axe-core's rules, headings, the skip link and a visible focus."""

import pytest
from playwright.sync_api import expect

from tests.browser.checks import accessibility_problems, focus_problems, heading_problems
from tests.browser.page_types import PAGE_TYPES

each_page_type = pytest.mark.parametrize("page_type", PAGE_TYPES, ids=str)


@each_page_type
def test_no_serious_accessibility_violation(viewport_page, page_type):
    page_type.open(viewport_page)
    assert accessibility_problems(viewport_page) == []


@each_page_type
def test_headings_are_in_order(page, page_type):
    page_type.open(page)
    assert heading_problems(page) == []


@each_page_type
def test_every_tab_stop_is_visibly_focused(viewport_page, page_type):
    page_type.open(viewport_page)
    problems = focus_problems(viewport_page)
    assert not problems, "\n".join(problems)


def test_skip_link_is_the_first_tab_stop_and_leads_to_the_content(viewport_page):
    page = viewport_page
    page.goto("/login")
    skip_link = page.get_by_role("link", name="Skip to content")
    expect(skip_link).not_to_be_in_viewport()

    page.keyboard.press("Tab")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()

    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Email")).to_be_focused()
