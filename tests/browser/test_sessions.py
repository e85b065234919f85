"""A coordinator ends, from one browser, the session of another, which is then signed out."""

from playwright.sync_api import expect

from tests.browser.page_types import sign_in


def test_ending_a_session_from_another_browser_signs_it_out(new_page, live_server, coordinator):
    office, home = new_page(), new_page()
    for page in (office, home):
        sign_in(page, coordinator.email, coordinator.password)
        expect(page.get_by_role("status")).to_have_text(f"Signed in as {coordinator.email}.")

    office.goto("/manage/account/")
    sessions = office.get_by_role("table", name="Where you are signed in")
    expect(sessions.get_by_role("row")).to_have_count(3)  # the header and two sessions
    expect(sessions.get_by_role("row").filter(has_text="This device")).to_contain_text("on Linux")
    sessions.get_by_role("button", name="End this session").click()

    expect(office.get_by_role("status")).to_have_text("That session is ended.")
    expect(sessions.get_by_role("row")).to_have_count(2)

    home.goto("/manage/")
    expect(home.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(home.get_by_role("contentinfo")).not_to_contain_text(coordinator.email)
