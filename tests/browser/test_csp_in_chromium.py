"""In a real Chromium: the pages and htmx work under the Content-Security-Policy, and the
browser reports no violation of it."""

import pytest
from flask import render_template_string
from werkzeug.serving import make_server

from app.extensions import db
from tests.browser.conftest import LiveServer
from tests.browser.serving import serving
from tests.conftest import PASSWORD, make_app

pytestmark = pytest.mark.browser

# A page that uses htmx the way feature pages do: the script from static/, a data-hx-get with a
# real href, and the swap target. Registered on the test app only.
HTMX_PAGE = """{% extends "base.html" %}{% from "_macros.html" import htmx_script %}
{% block title %}htmx{% endblock %}
{% block content %}
<a id="load" href="/htmx-fragment" data-hx-get="/htmx-fragment" data-hx-target="#target">Load</a>
<div id="target">before</div>
{% endblock %}
{% block scripts %}{{ htmx_script() }}{% endblock %}"""


@pytest.fixture
def live_server(tmp_path):
    """This module's own server: the app plus a page that swaps a fragment with htmx."""
    app = make_app(tmp_path / "instance", WTF_CSRF_ENABLED=True)
    with app.app_context():
        db.create_all()
        from app.accounts.models import Role
        from app.accounts.services import create_user

        create_user("ed@example.org", PASSWORD, Role.EDITOR)
    app.add_url_rule("/htmx-page", "htmx_page", lambda: render_template_string(HTMX_PAGE))
    app.add_url_rule("/htmx-fragment", "htmx_fragment", lambda: "<p id='swapped'>after</p>")
    with serving(make_server("127.0.0.1", 0, app, threaded=True)) as url:
        yield LiveServer(url, app)
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def page(new_page):
    page = new_page()
    # Chromium reports each blocked script, style or request as a console error.
    page.csp_violations = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and page.csp_violations.append(message.text)
        ),
    )
    return page


def test_pages_and_htmx_work_under_the_policy(live_server, page):
    page.goto(live_server.url + "/")
    assert page.locator(".site-name").is_visible()
    # The stylesheet applied: the skip link waits above the page until it is focused.
    assert page.locator(".skip-link").bounding_box()["y"] < 0

    page.goto(live_server.url + "/login")
    page.fill("#email", "ed@example.org")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/manage/")  # the dashboard comes first
    assert "Sign out" in page.content()

    page.goto(live_server.url + "/htmx-page")
    page.click("#load")
    page.wait_for_selector("#swapped")
    assert page.locator("#target").inner_text() == "after"
    assert page.csp_violations == []


def test_the_browser_does_block_what_the_policy_forbids(live_server, page):
    """The check above can fail: an inline script is refused and reported."""
    page.goto(live_server.url + "/login")
    page.evaluate(
        """() => { const s = document.createElement('script');
                   s.textContent = 'document.title = "ran"'; document.body.appendChild(s); }"""
    )
    page.wait_for_timeout(200)
    assert page.title() != "ran"
    assert any("Content Security Policy" in error for error in page.csp_violations)
