"""A reader on a phone subscribes from the footer and confirms from the mail's link.

The site here sends its mail to a real SMTP server the test starts, so it runs on a
server of its own rather than the session's demo site (which keeps mail in its outbox).
"""

import re

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from app.extensions import db
from tests.browser.conftest import TIMEOUT_MS, VIEWPORTS
from tests.browser.serving import serving
from tests.conftest import make_app
from tests.jobs_helpers import run_queued_jobs
from tests.mail_helpers import mail_config


@pytest.fixture
def mailing_site(tmp_path, smtp_server):
    """``(app, url)``: an empty site that mails through ``smtp_server``, being served."""
    app = make_app(tmp_path / "instance", TESTING=None, **mail_config(smtp_server))
    with app.app_context():
        db.create_all()
    with serving(make_server("127.0.0.1", 0, app, threaded=True)) as url:
        yield app, url
    with app.app_context():
        db.engine.dispose()


def test_a_reader_subscribes_from_the_footer_and_confirms_from_the_mail(
    browser, mailing_site, smtp_server, screenshots
):
    app, url = mailing_site
    context = browser.new_context(base_url=url, **VIEWPORTS["phone"])
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        page.goto("/")
        footer = page.get_by_role("contentinfo")
        footer.get_by_label("New minutes, reports and decisions by email").fill(
            "reader@example.org"
        )
        # The footer's form fits the phone's width.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        footer.get_by_role("button", name="Subscribe").click()

        expect(page.get_by_role("heading", level=1)).to_have_text("Subscribe by email")
        expect(page.get_by_label("Your email address")).to_have_value("reader@example.org")
        page.get_by_label("Daily: one mail a day when something is new").check()
        page.get_by_role("main").get_by_role("button", name="Subscribe").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Check your mail")

        run_queued_jobs(app)
        (mail,) = smtp_server.wait_for(1)
        assert mail["To"] == "reader@example.org"
        text = mail.get_body(("plain",)).get_content()
        link = re.search(r"http://\S+/subscribe/confirm/\S+", text).group(0)

        page.goto(link)
        page.get_by_role("button", name="Confirm my subscription").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("You are subscribed")
        expect(page.get_by_role("status")).to_contain_text("reader@example.org")
        page.screenshot(path=str(screenshots / "subscribed-phone.png"))
    finally:
        context.close()
