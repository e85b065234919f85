"""An administrator invites a person; the person opens the mailed link on a phone,
chooses a password and lands signed in."""

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from app.accounts.models import Role
from app.accounts.services import create_user
from app.extensions import db
from app.jobs import queue
from tests.browser.conftest import SCREENSHOTS
from tests.browser.page_types import sign_in
from tests.browser.serving import serving
from tests.conftest import PASSWORD, make_app
from tests.jobs_helpers import run_queued_jobs
from tests.link_helpers import link_in
from tests.mail_helpers import mail_config

ADMIN_EMAIL = "boss@example.org"


@pytest.fixture
def mailing_server(tmp_path, smtp_server):
    """A site of its own that sends its mail to ``smtp_server``: its address and app."""
    app = make_app(tmp_path / "instance", TESTING=None, **mail_config(smtp_server))
    with app.app_context():
        db.create_all()
        create_user(ADMIN_EMAIL, PASSWORD, Role.ADMIN)
    # The session's demo server runs its jobs in this process: give the queue back to it.
    previous = queue.app
    try:
        with serving(make_server("127.0.0.1", 0, app, threaded=True)) as url:
            yield url, app
    finally:
        queue.app = previous
        with app.app_context():
            db.engine.dispose()


def test_an_invited_person_sets_a_password_on_a_phone_and_is_signed_in(
    browser, mailing_server, smtp_server
):
    url, app = mailing_server
    desk = browser.new_context(base_url=url, viewport={"width": 1280, "height": 800})
    phone = browser.new_context(
        base_url=url, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    try:
        admin = desk.new_page()
        sign_in(admin, ADMIN_EMAIL, PASSWORD)
        admin.goto("/manage/users/")
        invitation = admin.locator(
            "form", has=admin.get_by_role("button", name="Send the invitation")
        )
        invitation.get_by_label("Email").fill("lan@example.org")
        invitation.get_by_label("Name").fill("Lan")
        invitation.get_by_label("Role").select_option("editor")
        invitation.get_by_role("button", name="Send the invitation").click()
        expect(admin.get_by_role("status")).to_contain_text("An invitation is on its way")
        expect(admin.get_by_role("row", name="lan@example.org")).to_contain_text("Invited")

        run_queued_jobs(app)
        [mail] = smtp_server.wait_for(1)
        person = phone.new_page()
        person.goto(link_in(mail, "invitation"))
        expect(person.get_by_role("heading", level=1)).to_have_text("Welcome")
        person.get_by_label("New password", exact=True).fill("kingfisher river 42")
        person.get_by_label("New password again").fill("kingfisher river 42")
        # Nothing is wider than the phone: no sideways scrolling to reach the button.
        width = person.evaluate("document.documentElement.scrollWidth")
        assert width <= 390
        person.screenshot(path=str(SCREENSHOTS / "invitation-phone.png"), full_page=True)
        person.get_by_role("button", name="Set my password and sign in").click()

        expect(person).to_have_url(url + "/manage/")
        expect(person.get_by_role("status")).to_have_text("Signed in as lan@example.org.")
    finally:
        desk.close()
        phone.close()
