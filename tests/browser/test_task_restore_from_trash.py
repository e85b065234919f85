"""A staffer moves a published report to the trash by mistake, and brings it back.

On the report's edit page they press "Move to trash"; the message that says it is done
leads to the trash, where they press the report's "Restore". The report is back in the
Reports list, published as it was, and readers find it on the public site again.
"""

import secrets

from playwright.sync_api import expect

from tests.browser.checks import accessibility_problems, overflow_problems
from tests.browser.manage_menu import follow_manage_link
from tests.browser.page_types import sign_in
from tests.browser.person import Counted, assert_within
from tests.transparency_helpers import make_report

# "Move to trash" (1), the message's link to the trash (1), the report's "Restore" (1),
# then to see it back: the Reports list (the menu, folded on a phone: 2), the report (1),
# its public page (1): 7. Before the message led to the trash, the phone took the
# folded menu twice.
BUDGET = 7


def test_a_trashed_report_comes_back_as_it_was(
    viewport_page, viewport, coordinator, live_server, screenshots
):
    page = viewport_page
    slug = f"survey-{viewport}-{secrets.token_hex(3)}"
    title = f"Household water survey {slug[-6:]}"
    with live_server.app.app_context():
        report_id = make_report(slug, title, issued_on="2026-09-30")
    public_url = f"/reports/{slug}/"
    reader = page.context.browser.new_context(base_url=live_server.url)

    sign_in(page, coordinator.email, coordinator.password)
    expect(page.get_by_role("status")).to_contain_text("Signed in")
    page.goto(f"/manage/report/{report_id}/edit")

    person = Counted(page)
    person.click(page.get_by_role("button", name="Move to trash"))
    flash = page.locator(".flashes")
    expect(flash).to_contain_text("Moved to the trash.")
    expect(page.locator("main tbody")).not_to_contain_text(title)
    assert reader.request.get(public_url).status == 404

    person.click(flash.get_by_role("link", name="Open the trash to restore it."))
    expect(page.get_by_role("heading", level=1)).to_have_text("Trash")
    restore = page.get_by_role("button", name=f"Restore {title}")
    expect(restore).to_be_visible()
    assert not (problems := accessibility_problems(page)), problems
    if viewport == "phone":
        assert not (problems := overflow_problems(page)), problems
        # On the screen, not in a table that must first be scrolled sideways.
        box = restore.bounding_box()
        assert box["x"] + box["width"] <= page.viewport_size["width"], box
    page.screenshot(path=screenshots / f"task-restore-from-trash-{viewport}.png", full_page=True)

    person.click(restore)
    expect(flash).to_contain_text("Restored from the trash.")

    follow_manage_link(person, "Reports")
    row = page.locator("main tbody tr", has_text=title)
    expect(row).to_contain_text("Published")
    person.click(row.get_by_role("link", name=title))
    person.click(page.get_by_role("link", name="View public page"))
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    assert reader.request.get(public_url).ok
    reader.close()
    assert_within(person, BUDGET)
    print(f"restore from the trash, {viewport}: {person.actions} actions")
