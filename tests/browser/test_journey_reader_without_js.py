"""A reader whose browser runs no JavaScript (a basic phone, a locked-down office PC, or a
reader who switched it off to save data) reads the guideline, narrows the directory with
the plain form, and takes a meeting's minutes and a report home as files."""

import hashlib
import re

from playwright.sync_api import Page, expect


def heading(page: Page):
    return page.get_by_role("heading", level=1)


def test_reads_the_guideline_from_the_overview_to_a_task_and_on_to_the_next_step(
    page_without_js,
):
    page = page_without_js
    page.goto("/guidelines/")
    expect(heading(page)).to_have_text("Multi-stakeholder partnerships: an overview")

    page.get_by_role("main").get_by_role("link", name="B. Formation").click()
    expect(heading(page)).to_have_text("Module B: Formation")
    steps = page.locator("ol.step-list a")
    expect(steps.first).to_be_visible()
    first_step = steps.first.inner_text()
    steps.first.click()

    expect(heading(page)).to_contain_text(first_step)
    breadcrumbs = page.get_by_role("navigation", name="Breadcrumb")
    expect(breadcrumbs.get_by_role("link", name="Formation")).to_be_visible()

    # "On this page" leads to a task's own section: the address names it, and its heading
    # is scrolled into view, so the link can be shared in an email.
    contents = page.get_by_role("navigation", name="On this page")
    task_link = contents.get_by_role("link", name=re.compile(r"^Task \d+\.\d+: ")).nth(1)
    anchor = task_link.get_attribute("href")
    assert anchor and anchor.startswith("#task-"), anchor
    task_number = task_link.inner_text().split(": ", 1)[0]
    task_link.click()
    expect(page).to_have_url(re.compile(re.escape(anchor) + "$"))
    task_heading = page.locator(anchor)
    expect(task_heading).to_have_text(re.compile("^" + task_number + ": "))
    expect(task_heading).to_be_in_viewport()

    # Next, then Previous, bring the reader back where they were.
    pager = page.get_by_role("navigation", name="Steps")
    next_link = pager.locator("a[rel=next]")
    next_title = next_link.inner_text().rstrip(" →")
    next_link.click()
    expect(heading(page)).to_contain_text(next_title)
    page.get_by_role("navigation", name="Steps").locator("a[rel=prev]").click()
    expect(heading(page)).to_contain_text(first_step)
    expect(page).not_to_have_url(re.compile("#"))


def test_narrows_the_directory_to_a_group_and_a_country_with_the_plain_form(page_without_js):
    page = page_without_js
    page.goto("/partners/")
    everyone = page.locator(".partner-list .partner")
    expect(everyone.first).to_be_visible()
    total = everyone.count()

    page.get_by_role("checkbox", name=re.compile(r"^Civil society \/ NGO")).check()
    page.get_by_role("checkbox", name=re.compile(r"^Cambodia")).check()
    # Without JavaScript, nothing happens until the reader sends the form.
    expect(everyone).to_have_count(total)
    page.get_by_role("button", name="Apply filters").click()

    expect(page).to_have_url(re.compile(r"/partners/\?(.*&)?group=civil-society"))
    expect(page).to_have_url(re.compile(r"[?&]country=kh"))
    shown = page.locator(".partner-list .partner")
    expect(shown.first).to_be_visible()
    assert 0 < shown.count() < total
    for meta in shown.locator(".partner-meta").all_inner_texts():
        assert meta.startswith("Civil society / NGO · Cambodia"), meta
    expect(page.get_by_role("status")).to_contain_text(f"{shown.count()} partner")

    # The choices stay ticked, so the reader can see what they are looking at and change it.
    expect(page.get_by_role("checkbox", name=re.compile(r"^Civil society \/ NGO"))).to_be_checked()
    expect(page.get_by_role("checkbox", name=re.compile(r"^Cambodia"))).to_be_checked()
    expect(page.get_by_role("checkbox", name=re.compile(r"^Thailand"))).not_to_be_checked()

    # A word narrows the same list further and keeps the ticks.
    name = shown.first.locator("h3 a").inner_text()
    page.get_by_label("Search partners").fill(name.split()[0])
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.locator(".partner-list .partner h3 a").first).to_have_text(name)
    expect(page.get_by_role("checkbox", name=re.compile(r"^Cambodia"))).to_be_checked()
    expect(page.get_by_label("Search partners")).to_have_value(name.split()[0])

    page.get_by_role("link", name="clear filters").click()
    expect(page.get_by_role("checkbox", name=re.compile(r"^Cambodia"))).not_to_be_checked()


def test_takes_a_meetings_approved_minutes_home_as_a_file(page_without_js):
    page = page_without_js
    page.goto("/meetings/")
    page.locator("ul.meetings li:has-text('minutes approved') a").first.click()
    expect(page.get_by_role("heading", name="Minutes", exact=True)).to_be_visible()
    fingerprint = page.locator(".minutes + p code.hash").inner_text()
    shown_text = page.locator(".prose.minutes").inner_text()

    # Chromium shows a text file in the window; what counts is what arrived.
    with page.expect_response(re.compile(r"/minutes-v1\.md$")) as arrival:
        page.get_by_role("link", name="the text as a file").click()
    response = arrival.value
    assert response.ok
    assert response.headers["content-type"] == "text/markdown; charset=utf-8"
    assert re.search(r'filename="minutes-\d{4}-\d{2}-\d{2}-[a-z-]+-v1\.md"',
                     response.headers["content-disposition"])  # fmt: skip
    text = response.body().decode("utf-8")
    # The file is the approved text itself: what the page showed, and what the hash says.
    assert hashlib.sha256(text.encode("utf-8")).hexdigest() == fingerprint
    assert f"# {shown_text.splitlines()[0]}" in text
    expect(page.locator("body")).to_contain_text(shown_text.splitlines()[0])


def test_opens_a_report_and_downloads_its_pdf(page_without_js):
    page = page_without_js
    page.goto("/reports/")
    page.get_by_role("link", name="Annual report 2025").click()
    expect(heading(page)).to_have_text("Annual report 2025")
    files = page.locator("ul.files li")
    expect(files.first).to_contain_text("PDF")
    link = files.first.get_by_role("link")
    fingerprint = files.first.locator("code.hash").inner_text()

    # Fetched as the link asks, with the reader's cookies. (Clicking it opens Chromium's
    # PDF viewer, whose own chrome:// resources are not the site's to answer for.)
    response = page.request.get(link.get_attribute("href"))
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    body = response.body()
    assert body.startswith(b"%PDF-") and len(body) > 100

    assert hashlib.sha256(body).hexdigest() == fingerprint
