"""Search in a real Chromium: the live page as the reader types, and the exported copy's
Pagefind search served by a plain web server on a loopback port."""

import functools
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

from app.config import CONTENT_SECURITY_POLICY
from app.demo import load_demo
from app.export import run_export
from tests.browser.checks import accessibility_problems, heading_problems
from tests.browser.serving import serving

pytestmark = pytest.mark.browser

PARTNER = "Asian Development Fund for Resilience"  # one of the demo's partners
PARTNER_TITLE = f"{PARTNER} (demo) (ADFR)"  # as the A–Z index lists it


def test_live_results_follow_the_typing(page, live_server):
    page.goto("/search/")
    page.evaluate("window.sameDocument = true")  # lost by a full page load
    page.get_by_label("Search the site").press_sequentially("resilience fund", delay=30)
    result = page.locator(".search-hits h2 a", has_text=PARTNER)
    expect(result).to_be_visible()
    expect(page).to_have_url(f"{live_server.url}/search/?q=resilience%20fund")
    assert page.evaluate("window.sameDocument") is True
    expect(page.locator(".search-hits mark").first).to_be_visible()
    result.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(PARTNER)
    page.go_back()
    expect(page.get_by_label("Search the site")).to_have_value("resilience fund")


def test_live_search_works_without_javascript(page_without_js):
    page = page_without_js
    page.goto("/search/")
    page.get_by_label("Search the site").fill("resilience fund")
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".search-hits h2 a", has_text=PARTNER)).to_be_visible()


class StaticHost(SimpleHTTPRequestHandler):
    """Serves the export as a careful host would: with the site's own Content-Security-
    Policy, loosened on the search page only by what Pagefind needs (WebAssembly)."""

    policy = CONTENT_SECURITY_POLICY

    def end_headers(self):
        policy = self.policy
        # The search page, and Pagefind's files (its worker compiles the WebAssembly).
        search_page = self.path.startswith("/search/") and not self.path.startswith("/search/all/")
        if search_page or self.path.startswith("/pagefind/"):
            policy = policy.replace("script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'")
        self.send_header("Content-Security-Policy", policy)
        super().end_headers()

    def log_message(self, format, *args):  # noqa: A002  (the standard library's name)
        pass


@pytest.fixture
def exported_site(app, tmp_path):
    """The demo coalition exported and served by Python's own static file server."""
    with app.app_context():
        load_demo()
        report = run_export(tmp_path / "site")
    assert report.ok, report.problems
    handler = functools.partial(StaticHost, directory=str(tmp_path / "site"))
    with serving(ThreadingHTTPServer(("127.0.0.1", 0), handler)) as url:
        yield url


@pytest.fixture
def export_page(browser, exported_site):
    """A page that fails its test on a request to another site or a script error."""
    context = browser.new_context(base_url=exported_site)
    context.set_default_timeout(10_000)
    page = context.new_page()
    problems = []
    page.on("request", lambda request: None if request.url.startswith(exported_site + "/")
            else problems.append(f"request to another site: {request.url}"))  # fmt: skip
    page.on("pageerror", lambda error: problems.append(f"JavaScript error: {error}"))
    page.on("console", lambda message: problems.append(message.text)
            if "Content Security Policy" in message.text else None)  # fmt: skip
    page.on("response", lambda response: None if response.status < 400
            else problems.append(f"{response.status} for {response.url}"))  # fmt: skip
    yield page
    context.close()
    assert problems == []


def test_the_exported_copy_finds_a_partner_with_pagefind(export_page, exported_site):
    page = export_page
    page.goto("/search/index.html")
    box = page.locator(".pagefind-ui__search-input")
    box.press_sequentially("resilience", delay=30)
    result = page.locator(".pagefind-ui__result-link", has_text=PARTNER)
    expect(result).to_be_visible()
    assert accessibility_problems(page) == []
    assert heading_problems(page) == []
    result.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(PARTNER)
    assert page.url.startswith(f"{exported_site}/partners/")


def test_the_exported_a_to_z_leads_to_every_page(export_page):
    page = export_page
    page.goto("/search/index.html")
    page.get_by_role("link", name="Every page from A to Z").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Every page from A to Z")
    assert accessibility_problems(page) == []
    page.get_by_role("link", name=PARTNER_TITLE, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(PARTNER)


def test_opened_as_files_the_search_page_points_to_the_a_to_z(browser, app, tmp_path):
    with app.app_context():
        load_demo()
        assert run_export(tmp_path / "site").ok
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto((tmp_path / "site" / "search" / "index.html").as_uri())
    expect(page.locator("#pagefind-search")).to_contain_text("not when it is opened as files")
    page.get_by_role("link", name="Every page from A to Z").click()
    page.get_by_role("link", name=PARTNER_TITLE, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(PARTNER)
    context.close()
    assert errors == []
