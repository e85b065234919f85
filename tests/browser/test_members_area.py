"""A partner contact reads, on a phone, a report the secretariat shared with members only.

They sign in and land on the members' area, which names their organisation and lists
the report among what waits for them; they open it and find its file.
"""

import secrets

from playwright.sync_api import expect

from app.accounts.models import Role
from app.accounts.services import create_user
from app.demo.members import MEMBERS_REPORT, MEMBERS_REPORT_FILE
from app.partners.demo import DEMO_PARTNER_SLUG
from tests.browser.checks import accessibility_problems, overflow_problems
from tests.browser.page_types import sign_in
from tests.conftest import PASSWORD


def test_a_member_signs_in_and_reads_the_members_only_report(phone_page, live_server, screenshots):
    page = phone_page
    email = f"member-{secrets.token_hex(4)}@example.org"
    with live_server.app.app_context():
        create_user(email, PASSWORD, Role.PARTNER, DEMO_PARTNER_SLUG, name="Lê Thị Hoa")

    sign_in(page, email, PASSWORD)
    expect(page).to_have_url(f"{live_server.url}/members/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Members’ area")
    expect(page.locator(".member-identity")).to_contain_text("Delta Farmers")
    assert overflow_problems(page) == []
    assert accessibility_problems(page) == []
    page.screenshot(path=screenshots / "members-area-phone.png", full_page=True)

    page.get_by_role("link", name=MEMBERS_REPORT["title"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(MEMBERS_REPORT["title"])
    expect(page.get_by_role("link", name=MEMBERS_REPORT_FILE)).to_be_visible()
    assert overflow_problems(page) == []
    assert accessibility_problems(page) == []
    page.screenshot(path=screenshots / "members-report-phone.png", full_page=True)

    # The public address of the report does not exist.
    response = page.goto(f"/reports/{MEMBERS_REPORT['slug']}/")
    assert response is not None and response.status == 404
