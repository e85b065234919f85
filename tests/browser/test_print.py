"""Pages on paper: no navigation to click, folded blocks open, where links lead."""

from playwright.sync_api import expect


def hidden_on_paper(page, selector: str) -> bool:
    return page.locator(selector).first.evaluate("e => getComputedStyle(e).display === 'none'")


def test_a_step_prints_without_pager_languages_or_breadcrumb(page):
    page.goto("/guidelines/formation/planning/")
    expect(page.locator(".pager")).to_be_visible()
    page.emulate_media(media="print")
    assert hidden_on_paper(page, ".pager")
    assert hidden_on_paper(page, ".languages")
    link = page.locator("main a[href^='/']").first
    after = link.evaluate("e => getComputedStyle(e, '::after').content")
    assert link.get_attribute("href") in after


def test_a_partner_prints_without_its_breadcrumb(page):
    page.goto("/partners/delta-farmers-union/")
    page.emulate_media(media="print")
    assert hidden_on_paper(page, ".breadcrumb")


def test_what_changed_prints_open(page):
    page.goto("/decisions/")
    changes = page.locator("details", has_text="What changed").first
    assert changes.get_attribute("open") is None
    first_change = changes.locator("li").first
    expect(first_change).to_be_hidden()
    page.emulate_media(media="print")
    expect(first_change).to_be_visible()
