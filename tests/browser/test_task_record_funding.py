"""A staffer records a grant that came in.

From the dashboard they open Funding and start a new funding source; they pick the funder
by typing part of its name, choose the type, and give the amount, the currency, the
financial year and what the money is earmarked for, then press "Save and publish". The
public funding page shows the grant with its amount written as money, and the year's
total in that currency has grown by it.
"""

import re
import secrets
from decimal import Decimal

from babel.numbers import format_currency
from playwright.sync_api import Page, expect

from tests.browser.checks import accessibility_problems, overflow_problems
from tests.browser.manage_menu import follow_manage_link
from tests.browser.page_types import sign_in
from tests.browser.person import Counted, assert_within

AMOUNT = Decimal("12500")
CURRENCY = "EUR"
# The way there (the menu, folded on a phone, then the list's "New" button: 3), the
# funder picked by name (the box, "farmers", Enter: 9), the type, amount, currency, year
# and purpose (5), one "Save and publish" (1) and the link to the public page (1): 19.
# Typing the funder's directory address instead would be 19 letters, not 7.
BUDGET = 19


def year_total(page: Page, year: str) -> Decimal:
    """The year's total in CURRENCY as the public funding page shows it (0 without one)."""
    row = page.locator("table.totals tbody tr").filter(
        has=page.locator("th", has_text=re.compile(rf"^{year}\s+{CURRENCY}$"))
    )
    if row.count() == 0:
        return Decimal(0)
    text = row.locator("td[data-label='Total']").inner_text()
    return Decimal(re.sub(r"[^\d.]", "", text))


def test_records_a_grant_and_the_public_totals_follow(
    viewport_page, viewport, coordinator, screenshots
):
    page = viewport_page
    # What the public page says before: the latest year the partnership accounts for.
    page.goto("/funding/")
    year = page.locator("table.totals tbody th[scope=row]").first.inner_text().split()[0]
    before = year_total(page, year)
    purpose = f"Water kiosks in Tra Vinh {secrets.token_hex(3)}"

    sign_in(page, coordinator.email, coordinator.password)
    expect(page.get_by_role("status")).to_contain_text("Signed in")
    page.goto("/manage/")
    person = Counted(page)
    follow_manage_link(person, "Funding")
    person.click(page.get_by_role("link", name="New funding source"))

    person.click(page.get_by_role("combobox", name="Choose a partner"))
    person.type("farmers")
    expect(page.get_by_role("option", name=re.compile("^Delta Farmers' Union"))).to_be_visible()
    person.press("Enter")
    expect(page.get_by_role("list", name="Funder").get_by_role("listitem")).to_contain_text(
        "Delta Farmers' Union"
    )
    person.select(page.get_by_label("Type"), "Grant")
    person.fill(page.get_by_label("Amount"), "12500")
    person.fill(page.get_by_label("Currency"), CURRENCY)
    person.fill(page.get_by_label("Financial year"), year)
    person.fill(page.get_by_label("Earmarked for"), purpose)
    assert not (problems := accessibility_problems(page)), problems
    if viewport == "phone":
        assert not (problems := overflow_problems(page)), problems
    page.screenshot(path=screenshots / f"task-record-funding-{viewport}.png", full_page=True)

    person.click(page.get_by_role("button", name="Save and publish"))
    # The flashed message; the picker has a status of its own for what it adds.
    expect(page.locator(".flashes")).to_contain_text("Created and published.")
    person.click(page.get_by_role("link", name="View public page"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Funding")

    row = page.locator("table.sources tbody tr", has_text=purpose)
    expect(row.locator("td[data-label='Funder']")).to_contain_text("Delta Farmers' Union")
    expect(row.locator("td[data-label='Amount']")).to_have_text(
        format_currency(AMOUNT, CURRENCY, locale="en")  # "€12,500.00"
    )
    assert year_total(page, year) == before + AMOUNT
    if viewport == "phone":
        assert not (problems := overflow_problems(page)), problems
    assert_within(person, BUDGET)
    print(f"record funding, {viewport}: {person.actions} actions")
