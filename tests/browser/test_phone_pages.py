"""Public pages read on a 390 px phone: tables that fit or say they scroll and can be
scrolled by keyboard, columns a reader must see (a status, an amount) on the screen,
chart labels as large as text, and the directory's results under the search box."""

import re

import pytest
from playwright.sync_api import Page, expect

from app.accounts.models import Role
from tests.browser.checks import accessibility_problems
from tests.browser.page_types import sign_in

pytestmark = pytest.mark.browser

PHONE_WIDTH = 390
SMALLEST_TEXT_PX = 11

# Each table that is wider than its box: whether it can take focus and has a name.
SCROLLING_TABLES_JS = """
() => [...document.querySelectorAll('main table')]
  .filter(table => table.scrollWidth > table.clientWidth + 1)
  .map(table => ({
    table: (table.className || table.querySelector('th')?.innerText || '?').trim(),
    focusable: table.tabIndex >= 0,
    named: table.hasAttribute('aria-label') || table.hasAttribute('aria-labelledby')
      || !!table.querySelector('caption'),
  }))
"""


def hidden_scrolling_tables(page: Page) -> list[dict]:
    return [t for t in page.evaluate(SCROLLING_TABLES_JS) if not (t["focusable"] and t["named"])]


def off_screen(page: Page, selector: str) -> list[str]:
    """The texts of the visible elements matching ``selector`` that reach past the screen."""
    return page.eval_on_selector_all(
        selector,
        f"""cells => cells.filter(cell => cell.offsetParent)
             .filter(cell => cell.getBoundingClientRect().right > {PHONE_WIDTH}
                             || cell.getBoundingClientRect().left < 0)
             .map(cell => cell.innerText)""",
    )


@pytest.mark.parametrize("path", ["/decisions/", "/funding/", "/meetings/", "/partners/"])
def test_no_table_overflows_a_phone_unannounced(phone_page, path):
    phone_page.goto(path)
    assert hidden_scrolling_tables(phone_page) == []


def test_the_status_of_every_action_is_on_the_screen(phone_page):
    phone_page.goto("/decisions/")
    statuses = phone_page.locator(".actions-table td[data-label='Status']")
    expect(statuses.first).to_be_visible()
    assert off_screen(phone_page, ".actions-table td") == []
    assert off_screen(phone_page, ".overdue-box td") == []


def test_every_amount_and_total_of_the_funding_page_is_on_the_screen(phone_page):
    phone_page.goto("/funding/")
    expect(phone_page.locator("table.totals td[data-label='Total']").first).to_be_visible()
    assert off_screen(phone_page, "main td") == []


def test_the_funding_charts_labels_are_as_readable_as_text(phone_page):
    phone_page.goto("/funding/")
    labels = phone_page.locator(".share-chart .share-label, .share-chart .share-value")
    expect(labels.first).to_be_visible()
    sizes = labels.evaluate_all(
        "labels => labels.map(label => parseFloat(getComputedStyle(label).fontSize))"
    )
    assert min(sizes) >= SMALLEST_TEXT_PX
    assert off_screen(phone_page, ".share-chart li") == []


def test_the_audit_log_scrolls_by_keyboard_on_a_phone(phone_page, live_server):
    admin = live_server.create_user(Role.ADMIN)
    sign_in(phone_page, admin.email, admin.password)
    expect(phone_page.get_by_role("contentinfo")).to_contain_text(admin.email)
    phone_page.goto("/manage/audit/")
    assert hidden_scrolling_tables(phone_page) == []
    assert accessibility_problems(phone_page) == []


@pytest.mark.parametrize("path", ["/decisions/", "/funding/", "/partners/"])
def test_the_pages_made_for_a_phone_have_no_serious_accessibility_violation(phone_page, path):
    phone_page.goto(path)
    assert accessibility_problems(phone_page) == []


def test_a_search_of_the_directory_shows_its_count_above_the_folded_filters(phone_page):
    page = phone_page
    page.goto("/partners/")
    facets = page.locator(".facets")
    expect(facets).to_be_hidden()  # folded behind "Filter"
    page.locator("#q").press_sequentially("water", delay=40)
    expect(page).to_have_url(re.compile(r"/partners/\?q=water$"))
    count = page.locator(".result-count")
    expect(count).to_contain_text("matching “water”")
    expect(count).to_be_in_viewport()
    expect(page.locator(".partner-list .partner").first).to_be_in_viewport()

    page.get_by_text("Filter", exact=True).click()
    expect(facets).to_be_visible()
    page.locator(".facets input[name='group']").first.check()
    # The answer replaces the filters; they stay open while a choice is ticked.
    expect(page).to_have_url(re.compile(r"group="))
    expect(page.locator(".facets input[name='group']:checked")).to_be_visible()
    expect(count).to_be_in_viewport()


def test_the_manage_menu_folds_on_a_phone_and_the_page_comes_first(
    phone_page, new_page, live_server, screenshots
):
    admin = live_server.create_user(Role.ADMIN)
    sign_in(phone_page, admin.email, admin.password)
    phone_page.goto("/manage/publish/")
    menu = phone_page.locator(".menu-groups")
    expect(menu).to_be_hidden()  # folded behind "Menu"
    expect(phone_page.get_by_role("heading", level=1)).to_be_in_viewport()
    phone_page.screenshot(path=screenshots / "manage-menu-phone.png")
    phone_page.locator(".manage-menu > summary").click()
    expect(menu).to_be_visible()
    expect(phone_page.get_by_text("Transparency record", exact=True)).to_be_visible()

    desktop = new_page("desktop")
    sign_in(desktop, admin.email, admin.password)
    desktop.goto("/manage/publish/")
    expect(desktop.locator(".menu-groups")).to_be_visible()  # unfolded, no summary
    expect(desktop.locator(".manage-menu > summary")).to_be_hidden()
