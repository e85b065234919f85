"""A coordinator sets up a second factor from their account page, then signs in with it."""

import re
import time

import pyotp
from playwright.sync_api import expect

from tests.browser.checks import accessibility_problems
from tests.browser.page_types import sign_in


def test_coordinator_sets_up_a_second_factor_and_signs_in_with_it(page, live_server, coordinator):
    sign_in(page, coordinator.email, coordinator.password)
    page.goto("/manage/account/")
    page.get_by_role("button", name="Set up a second factor").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Second factor")
    qr_code = page.get_by_role("img", name="QR code of your secret key")
    expect(qr_code).to_be_visible()
    assert qr_code.evaluate("image => image.naturalWidth") > 100  # the SVG drew
    assert accessibility_problems(page) == []
    totp = pyotp.TOTP(page.locator("#secret-key").inner_text().replace(" ", ""))
    page.get_by_label("Code your app shows now").fill(totp.now())
    page.get_by_role("button", name="Turn on the second factor").click()

    expect(page.get_by_role("status")).to_have_text("Your second factor is set up.")
    codes = page.get_by_role("list", name="Recovery codes").get_by_role("listitem")
    expect(codes).to_have_count(10)
    page.get_by_role("link", name="back to My account").click()
    expect(page.get_by_text("10 recovery codes left.")).to_be_visible()
    page.get_by_role("contentinfo").get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("status")).to_have_text("You are signed out.")

    sign_in(page, coordinator.email, coordinator.password)
    expect(page.get_by_role("heading", level=1)).to_have_text("Second step")
    expect(page.get_by_role("contentinfo")).not_to_contain_text(coordinator.email)
    # The next step's code: the one just used for the setup may not be used again.
    page.get_by_label("Code from your authenticator app").fill(totp.at(time.time() + 30))
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(re.compile(re.escape(live_server.url) + "/manage/$"))
    expect(page.get_by_role("status")).to_have_text(f"Signed in as {coordinator.email}.")
    expect(page.get_by_role("contentinfo")).to_contain_text(coordinator.email)
