"""A staffer brings the public copy up to date after an edit, and takes the offline copy.

They have just renamed a report. From the menu they open Publish, press "Publish now",
and watch the status until it says in words what was published, naming the report. The
status then offers the offline copy: they download the zip, which holds the report's page
under its new title, to pass on on a USB stick.
"""

import re
import secrets
import zipfile

from playwright.sync_api import Page, expect

from tests.browser.checks import accessibility_problems, overflow_problems
from tests.browser.manage_menu import follow_manage_link
from tests.browser.page_types import sign_in
from tests.browser.person import Counted, assert_within
from tests.browser.test_journey_coordinator import PUBLISH_TIMEOUT_MS
from tests.transparency_helpers import make_report

# The way to Publish (the menu, folded on a phone: 2), "Publish now" (1) and the zip's
# link (1): 4. Watching the run takes no action: the status updates itself.
BUDGET = 4
FINISHED = re.compile(r"^Published (the whole site: \d+ pages|\d+ changes?: .+)\.")


def publish_and_wait(page: Page, press, naming: str = "") -> None:
    """Press "Publish now" with ``press`` and wait until the status says it finished
    (naming ``naming``: the page showed the previous run's words before the press)."""
    press(page.get_by_role("button", name="Publish now"))
    expect(page.get_by_text(FINISHED)).to_contain_text(naming, timeout=PUBLISH_TIMEOUT_MS)


def test_publishes_an_edit_and_downloads_the_offline_copy(
    viewport_page, viewport, coordinator, live_server, screenshots, tmp_path
):
    page = viewport_page
    slug = f"baseline-{viewport}-{secrets.token_hex(3)}"
    with live_server.app.app_context():
        report_id = make_report(slug, "Baseline study", issued_on="2026-08-01")
    sign_in(page, coordinator.email, coordinator.password)
    expect(page.get_by_role("status")).to_contain_text("Signed in")

    # The public copy exists already (a first Publish writes the whole site and names no
    # records): make one if this site has none yet.
    page.goto("/manage/publish/")
    if page.locator("dl.facts dd").first.inner_text() == "never":
        publish_and_wait(page, lambda button: button.click())

    # The edit: the report gets its final title, saved and published on the live site.
    title = f"Baseline study of household water {slug[-6:]}"
    page.goto(f"/manage/report/{report_id}/edit")
    page.get_by_label("Title").fill(title)
    page.get_by_role("button", name="Save and publish").click()
    expect(page.locator(".flashes")).to_contain_text(
        "The public now sees this version on the live site."
    )

    person = Counted(page)
    follow_manage_link(person, "Publish")
    expect(page.get_by_role("heading", level=1)).to_have_text("Publish the public copy")
    assert not (problems := accessibility_problems(page)), problems

    # Finished, in words, naming what was published: the renamed report among the changes.
    publish_and_wait(page, person.click, naming=title)
    facts = page.locator("#publish-status dl.facts")
    expect(facts).to_contain_text("(just now)")
    if viewport == "phone":
        assert not (problems := overflow_problems(page)), problems
    page.screenshot(path=screenshots / f"task-publish-{viewport}.png", full_page=True)

    with page.expect_download() as downloading:
        person.click(facts.get_by_role("link", name=re.compile(r"^Download the zip")))
    download = downloading.value
    assert download.suggested_filename.endswith(".zip")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    with zipfile.ZipFile(saved) as bundle:
        pages = [name for name in bundle.namelist() if name.endswith(f"reports/{slug}/index.html")]
        assert pages, f"no page for the report in {download.suggested_filename}"
        assert title in bundle.read(pages[0]).decode()
    assert_within(person, BUDGET)
    print(f"publish, {viewport}: {person.actions} actions")
