"""A page on another site that auto-submits a form to Roundtable changes nothing.

The attacker's page is served from a second origin (127.0.0.2, another site to the
browser) while an admin is signed in to the live server in the same browser, as in the
attack the outside test made: the admin's SameSite=Lax cookie stays behind, so the
request arrives signed out.
"""

from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.accounts.models import Role, User
from app.extensions import db
from tests.browser.page_types import sign_in
from tests.browser.serving import serving

ATTACKER_EMAIL = "attacker@evil.example"


def attack_page(target: str) -> bytes:
    fields = {"email": ATTACKER_EMAIL, "name": "", "role": "admin", "organisation": "",
              "password": "a long attacker password"}  # fmt: skip
    inputs = "".join(f'<input type="hidden" name="{k}" value="{v}">' for k, v in fields.items())
    return (
        f'<!doctype html><title>Cute cats</title><form method="post" action="{target}">'
        f"{inputs}</form><script>document.forms[0].submit()</script>"
    ).encode()


@pytest.fixture
def attacker_site(live_server):
    """The attacker's page, on another site than the live server."""
    page = attack_page(live_server.url + "/manage/users/")

    class Attacker(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802  (the standard library's name)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, format, *args):  # noqa: A002  (the standard library's name)
            pass

    server = ThreadingHTTPServer(("127.0.0.2", 0), Attacker)
    with serving(server):
        yield f"http://127.0.0.2:{server.server_address[1]}/"


def test_an_auto_submitted_form_from_another_site_creates_no_admin(
    browser, live_server, attacker_site
):
    admin = live_server.create_user(Role.ADMIN)
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(5_000)
    try:
        page = context.new_page()
        sign_in(page, admin.email, admin.password)
        expect(page.get_by_role("contentinfo")).to_contain_text(admin.email)

        page.goto(attacker_site)  # the admin opens a link to the attacker's page
        expect(page).to_have_url(live_server.url + "/manage/users/")
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "This request came from another site"
        )
        expect(page.get_by_text("nothing was changed")).to_be_visible()
        expect(page.get_by_role("button", name="Save my changes")).to_have_count(0)
        expect(page.locator("input[name=resume]")).to_have_count(0)

        # The admin's own session is intact, and there is nothing to finish.
        page.goto("/manage/users/")
        expect(page.get_by_role("heading", level=1)).not_to_have_text("Sign in")
        expect(page.locator("main")).not_to_contain_text(ATTACKER_EMAIL)
    finally:
        context.close()
    with live_server.app.app_context():
        assert db.session.scalar(select(User).where(User.email == ATTACKER_EMAIL)) is None
