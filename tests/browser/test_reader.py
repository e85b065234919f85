"""A reader on the public site."""

from playwright.sync_api import expect


def test_reader_without_javascript_reads_the_home_page(page_without_js):
    page = page_without_js
    page.goto("/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Mekong Delta Water Partnership")
    expect(page.get_by_role("main")).to_contain_text("brings together provincial governments")
    # The about text's Markdown arrives as emphasis, not as asterisks.
    expect(page.get_by_role("main").locator("strong", has_text="clean water")).to_be_visible()
    expect(page.get_by_role("main")).not_to_contain_text("**")
    # Styled: the skip link waits off screen until a keyboard user needs it.
    expect(page.get_by_role("link", name="Skip to content")).not_to_be_in_viewport()
    expect(page).to_have_title("Home · Mekong Delta Water Partnership")


def test_a_missing_page_says_so_and_leads_home(page_without_js):
    page = page_without_js
    response = page.goto("/guidelines/no-such-module/")

    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    page.get_by_role("link", name="Go to the home page").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mekong Delta Water Partnership")
