"""A staffer puts a new report and its PDF on the site.

From the dashboard they open Reports, start a new report, give it a title, a type, the
document's date and a line of summary, choose the PDF on the same form, and press "Save
and publish". The public report page then lists the PDF with its SHA-256 fingerprint, so
a reader can tell the copy they hold is the one the partnership published.
"""

import hashlib
import secrets

from playwright.sync_api import expect

from tests.browser.checks import accessibility_problems, overflow_problems
from tests.browser.manage_menu import follow_manage_link
from tests.browser.page_types import sign_in
from tests.browser.person import Counted, assert_within
from tests.browser.test_journey_coordinator import small_pdf

# The way there (the menu, folded on a phone, then the list's "New" button: 3), the
# report's four fields (title, type, date, summary: 4), its file (1), one "Save and
# publish" (1) and the link to the public page (1): 10. Before the file could be chosen
# on the new form it took three more: "Save draft", then "Upload", then "Publish".
BUDGET = 10


def test_a_new_report_and_its_pdf_take_one_save(
    viewport_page, viewport, coordinator, live_server, screenshots
):
    page = viewport_page
    sign_in(page, coordinator.email, coordinator.password)
    expect(page.get_by_role("status")).to_contain_text("Signed in")
    page.goto("/manage/")
    title = f"Field visit to An Giang {secrets.token_hex(3)}"
    pdf = small_pdf()

    person = Counted(page)
    follow_manage_link(person, "Reports")
    person.click(page.get_by_role("link", name="New report or document"))

    person.fill(page.get_by_label("Title"), title)
    person.select(page.get_by_label("Type"), "Progress report")
    person.fill(page.get_by_label("Date of the document"), "2026-10-15")
    person.fill(page.get_by_label("Summary"), "What we saw at the **water kiosks**.")
    files = page.get_by_role("group", name="Files")
    person.choose_files(
        files.get_by_label("File"),
        {"name": "field-visit.pdf", "mimeType": "application/pdf", "buffer": pdf},
    )
    assert not (problems := accessibility_problems(page)), problems
    if viewport == "phone":
        assert not (problems := overflow_problems(page)), problems
    page.screenshot(path=screenshots / f"task-attach-report-{viewport}.png", full_page=True)

    person.click(page.get_by_role("button", name="Save and publish"))
    expect(page.get_by_role("status")).to_contain_text(
        "Created and published. Attached field-visit.pdf. The public now sees this version"
    )
    # The staffer sees the file on the record they just saved.
    fingerprint = hashlib.sha256(pdf).hexdigest()
    listed = page.locator("#attachments li", has_text="field-visit.pdf")
    expect(listed.locator("code.hash")).to_have_text(fingerprint)

    person.click(page.get_by_role("link", name="View public page"))
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    public_file = page.locator("ul.files li", has_text="field-visit.pdf")
    expect(public_file).to_contain_text("PDF")
    expect(public_file.locator("code.hash")).to_have_text(fingerprint)
    if viewport == "phone":
        assert not (problems := overflow_problems(page)), problems
    assert_within(person, BUDGET)
    print(f"attach a report, {viewport}: {person.actions} actions")

    # A reader who never signed in gets exactly the uploaded bytes.
    reader = page.context.browser.new_context(base_url=live_server.url)
    try:
        href = public_file.get_by_role("link", name="field-visit.pdf").get_attribute("href")
        download = reader.request.get(href)
        assert download.ok and download.body() == pdf
    finally:
        reader.close()
