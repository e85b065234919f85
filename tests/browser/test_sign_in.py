"""A coordinator signs in and out; a mistake is explained next to the field."""

import pytest
from playwright.sync_api import expect

from tests.browser.page_types import sign_in


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_coordinator_signs_in_sees_their_email_and_signs_out(
    new_page, live_server, coordinator, javascript
):
    page = new_page(javascript=javascript)
    page.goto("/")
    page.get_by_role("link", name="Coordinators: sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")

    page.get_by_label("Email").fill(coordinator.email)
    page.get_by_label("Password").fill(coordinator.password)
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(live_server.url + "/manage/")
    expect(page.get_by_role("status")).to_have_text(f"Signed in as {coordinator.email}.")
    page.goto("/")
    page.get_by_role("link", name="Manage", exact=True).click()
    expect(page).to_have_url(live_server.url + "/manage/")
    footer = page.get_by_role("contentinfo")
    expect(footer).to_contain_text(coordinator.email)

    footer.get_by_role("button", name="Sign out").click()

    expect(page.get_by_role("status")).to_have_text("You are signed out.")
    expect(footer).not_to_contain_text(coordinator.email)
    expect(footer.get_by_role("link", name="Coordinators: sign in")).to_be_visible()


def test_wrong_password_is_explained_next_to_the_field_and_the_email_kept(
    viewport_page, coordinator
):
    page = viewport_page
    sign_in(page, coordinator.email, "not the password")

    password = page.get_by_label("Password")
    message = page.get_by_text("Email or password is incorrect.")
    expect(message).to_be_visible()
    expect(password).to_have_accessible_description("Email or password is incorrect.")
    expect(password).to_have_attribute("aria-invalid", "true")
    expect(password).to_have_value("")
    expect(page.get_by_label("Email")).to_have_value(coordinator.email)
    expect(page.get_by_role("contentinfo")).not_to_contain_text(coordinator.email)

    # Right under the field it is about, not in a banner far away.
    field, error = password.bounding_box(), message.bounding_box()
    assert 0 <= error["y"] - (field["y"] + field["height"]) <= 24
    assert abs(error["x"] - field["x"]) <= 4
