"""A coordinator of the demo coalition at work: attaches a report's PDF and publishes the
report, takes minutes from draft to the public meeting page, and brings the static copy
up to date with the Publish button. (Editing text, the preview and conflicts are in
test_editor.py.)"""

import hashlib
import io
import itertools
import re

from playwright.sync_api import Page, expect
from pypdf import PdfWriter

from tests.browser.page_types import sign_in

_numbers = itertools.count(1)
# The export of the whole demo takes seconds on a busy machine; the bar must reach the end.
PUBLISH_TIMEOUT_MS = 90_000


def small_pdf() -> bytes:
    """A real one-page PDF, as an office suite would save it."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": "Field visit report"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def flash(page: Page):
    return page.get_by_role("status")


def test_attaches_a_pdf_to_a_report_and_the_public_sees_it_once_published(
    page, coordinator, live_server
):
    sign_in(page, coordinator.email, coordinator.password)
    expect(flash(page)).to_contain_text("Signed in")
    slug = f"field-visit-{next(_numbers)}"

    page.goto("/manage/report/new")
    page.get_by_label("Title").fill("Field visit to An Giang")
    page.get_by_label("Address").fill(slug)
    page.get_by_label("Date of the document").fill("2026-10-15")
    page.get_by_label("Language").fill("en")
    page.get_by_label("Summary").fill("What we saw at the **water kiosks**.")
    page.get_by_role("button", name="Save draft").click()
    expect(flash(page)).to_contain_text("Draft created")

    pdf = small_pdf()
    files = page.get_by_role("region", name="Files")
    files.get_by_label("File").set_input_files(
        {"name": "field-visit.pdf", "mimeType": "application/pdf", "buffer": pdf}
    )
    files.get_by_role("button", name="Upload").click()
    listed = page.locator("ul.attachments li", has_text="field-visit.pdf")
    expect(listed).to_be_visible()
    fingerprint = hashlib.sha256(pdf).hexdigest()
    expect(listed.locator("code.hash")).to_have_text(fingerprint)

    # A draft, its file included, is nobody's business but the secretariat's.
    public_url = f"/reports/{slug}/"
    # A reader who never signed in, in a browser context of their own.
    reader = page.context.browser.new_context(base_url=live_server.url)
    try:
        assert reader.request.get(public_url).status == 404
        file_url = listed.get_by_role("link", name="field-visit.pdf").get_attribute("href")
        assert reader.request.get(file_url).status == 404

        page.get_by_role("region", name="Status").get_by_role("button", name="Publish").click()
        expect(flash(page)).to_contain_text("published", ignore_case=True)
        page.get_by_role("link", name="View public page").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Field visit to An Giang")
        expect(page.locator("main strong")).to_have_text("water kiosks")
        public_file = page.locator("ul.files li", has_text="field-visit.pdf")
        expect(public_file).to_contain_text("PDF")
        expect(public_file.locator("code.hash")).to_have_text(fingerprint)

        # Anyone, signed in or not, now gets exactly the uploaded bytes.
        download = reader.request.get(file_url)
        assert download.ok and download.headers["content-type"] == "application/pdf"
        assert download.body() == pdf
    finally:
        reader.close()


def test_takes_minutes_from_draft_to_the_public_meeting_page(page, coordinator):
    sign_in(page, coordinator.email, coordinator.password)
    page.goto("/manage/minutes-approval/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Minutes approval")
    draft_row = page.locator("tbody tr").filter(
        has=page.locator(".badge", has_text=re.compile(r"^Draft$"))
    )
    meeting_label = draft_row.first.get_by_role("link").inner_text()
    draft_row.first.get_by_role("link").click()

    lifecycle = page.locator("ol.lifecycle")
    expect(lifecycle.locator("li").nth(0)).to_contain_text("← now")
    page.get_by_role("button", name="Mark as circulated").click()
    expect(flash(page)).to_contain_text("Marked as circulated to the members. Still private.")
    expect(lifecycle.locator("li").nth(1)).to_contain_text("← now")
    stage_url = page.url

    # Approved at the meeting they record, today (the form's default date).
    page.get_by_label("Approved at the meeting of").select_option(label=meeting_label)
    page.get_by_role("button", name="Approve these minutes").click()
    expect(flash(page)).to_contain_text("Approved. The text is now fixed")
    expect(lifecycle.locator("li").nth(2)).to_contain_text("← now")
    fingerprint = page.locator("main p", has_text="SHA-256 of the approved text").locator(
        "code.hash"
    )
    approved_hash = fingerprint.inner_text()
    assert re.fullmatch(r"[0-9a-f]{64}", approved_hash)

    # Approved but not published: the public meeting page still waits.
    meeting_date = meeting_label.split()[0]
    page.goto("/meetings/")
    page.locator(f"ul.meetings a[href*='/meetings/{meeting_date}-']").first.click()
    meeting_url = page.url
    expect(page.locator("main")).to_contain_text(
        "The minutes appear here once the members have approved them."
    )
    expect(page.locator("main code.hash")).to_have_count(0)

    page.goto(stage_url)
    page.get_by_role("button", name="Publish the approved minutes").click()
    page.goto(stage_url)
    expect(lifecycle.locator("li").nth(3)).to_contain_text("← now")

    page.goto(meeting_url)
    expect(page.get_by_role("heading", name="Minutes", exact=True)).to_be_visible()
    expect(page.locator(".minutes + p code.hash")).to_have_text(approved_hash)
    expect(page.locator("main")).to_contain_text("Approved on")
    expect(page.locator("main")).not_to_contain_text("once the members have approved them")


def test_presses_publish_and_watches_the_bar_run_to_the_end(page, coordinator):
    sign_in(page, coordinator.email, coordinator.password)
    page.goto("/manage/publish/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Publish the public copy")
    page.evaluate("window.sameDocument = true")

    page.get_by_role("button", name="Publish now").click()
    expect(page.locator("#publish-status")).to_contain_text("Started just now by")
    bar = page.locator("#publish-status progress")
    expect(page.get_by_role("heading", name="Publishing…")).to_be_visible()
    # From here the page is not reloaded: htmx replaces the status every second.
    page.evaluate("window.sameDocument = true")
    seen = []
    finished = page.get_by_text(
        re.compile(r"^Published (the whole site: \d+ pages|\d+ changes?: .+)\.")
    )
    for _ in range(PUBLISH_TIMEOUT_MS // 200):
        if finished.is_visible():
            break
        value = bar.first.get_attribute("value") if bar.count() else None
        if value is not None:
            seen.append(int(value))
        page.wait_for_timeout(200)
    expect(finished).to_be_visible()
    assert page.evaluate("window.sameDocument === true"), "the page was reloaded"
    assert seen == sorted(seen), f"the bar went backwards: {seen}"
    assert any(value < 100 for value in seen), f"no progress was shown: {seen}"

    expect(bar).to_have_attribute("value", "100")
    facts = page.locator("#publish-status dl.facts")
    expect(facts.locator("dt + dd").nth(0)).to_contain_text("(just now)")
    expect(facts.locator("dt + dd").nth(1)).to_contain_text("Download the zip")
    expect(facts.locator("dt + dd").nth(2)).to_have_text("0")
    # The start needs no message of its own: one would outlive the run it announced.
    expect(page.locator(".flashes")).to_have_count(0)
