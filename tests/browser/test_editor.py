"""A coordinator edits a page: the live preview, saving, publishing, and a conflict
between two people editing at once that loses neither text."""

import itertools

from playwright.sync_api import expect

from tests.browser.page_types import sign_in

_slugs = itertools.count(1)


def create_page(page, title: str, body: str) -> str:
    """Create a draft page through the form; returns its edit URL."""
    page.goto("/manage/page/new")
    slug = f"journey-{next(_slugs)}"
    page.get_by_label("Title").fill(title)
    page.get_by_label("Address").fill(slug)
    page.get_by_label("Text").fill(body)
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("status")).to_contain_text("Draft created")
    return page.url


def test_live_preview_save_and_publish(page, coordinator, live_server):
    sign_in(page, coordinator.email, coordinator.password)
    edit_url = create_page(page, "Working together", "First version.")

    text = page.get_by_label("Text")
    text.fill("We meet **every month**.\n\n- in Can Tho\n- online")
    preview = page.locator("#preview")
    # The preview follows the typing without a page load.
    expect(preview.locator("strong")).to_have_text("every month")
    expect(preview.locator("li")).to_have_count(2)
    assert page.url == edit_url

    page.get_by_role("button", name="Save and publish").click()
    expect(page.get_by_role("status")).to_contain_text("The public now sees this version")
    page.get_by_role("link", name="View public page").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Working together")
    expect(page.locator("main strong")).to_have_text("every month")


def test_two_editors_at_once_the_second_gets_both_texts(browser, new_page, live_server):
    first_person, second_person = live_server.create_user(), live_server.create_user()
    first, second = new_page(), new_page()
    sign_in(first, first_person.email, first_person.password)
    sign_in(second, second_person.email, second_person.password)

    edit_url = create_page(first, "Meeting schedule", "We meet on Mondays.")
    first.goto(edit_url)
    second.goto(edit_url)

    first.get_by_label("Text").fill("We meet on Tuesdays.")
    first.get_by_role("button", name="Save draft").click()
    expect(first.get_by_role("status")).to_contain_text("Saved.")

    second.get_by_label("Text").fill("We meet on Wednesdays, at nine.")
    second.get_by_role("button", name="Save draft").click()

    expect(second.get_by_role("heading", level=1)).to_have_text("Resolve a conflict")
    expect(second.get_by_label("Text")).to_have_value("We meet on Wednesdays, at nine.")
    expect(second.locator(".diff ins").first).to_contain_text("Wednesdays")
    expect(second.locator(".diff del").first).to_contain_text("Tuesdays")

    second.get_by_label("Text").fill("We meet on Tuesdays or Wednesdays, at nine.")
    second.get_by_role("button", name="Save the combined version").click()
    expect(second.get_by_role("status")).to_contain_text("Saved.")
    expect(second.get_by_label("Text")).to_have_value("We meet on Tuesdays or Wednesdays, at nine.")


def test_the_address_follows_the_title_on_a_phone(phone_page, coordinator, live_server):
    page = phone_page
    sign_in(page, coordinator.email, coordinator.password)
    page.goto("/manage/page/new")
    page.get_by_label("Title").fill("Hội nghị: how we decide")
    # The full URL appears as the title is typed, before anything is saved.
    expect(page.locator(".address-preview")).to_contain_text("/pages/hoi-nghi-how-we-decide/")
    page.get_by_label("Text").fill("We decide by consensus.")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("status")).to_contain_text("Draft created")
    expect(page.get_by_label("Address")).to_have_value("hoi-nghi-how-we-decide")
