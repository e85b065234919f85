"""Browser fixtures: Roundtable served on a loopback port, driven by Debian's Chromium.

The live server is a real app on a temporary instance folder, prepared by ``flask setup
--demo`` itself, and served by werkzeug in a background thread for the whole session. It
always uses SQLite: the database matrix is covered by the other tests, and nothing here
asks for ``backend``, so nothing here runs twice.

Pages: ``page`` (desktop, JavaScript on), ``page_without_js`` (desktop, JavaScript off),
``phone_page`` (phone, JavaScript on), ``viewport_page`` (phone and desktop, one test run
each), or ``new_page(viewport=..., javascript=...)`` for anything else. Every page fails
its test if it requests anything from another site, if anything it loads fails, or if it
raises a JavaScript error.

Without /usr/bin/chromium the tests are skipped, except under ``CI=true``, where they fail.
"""

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, sync_playwright
from werkzeug.serving import make_server

from app.accounts.models import Role
from app.accounts.services import create_user
from app.jobs.consumer import start_embedded_consumer
from tests.browser.serving import serving
from tests.conftest import PASSWORD, make_app

HERE = Path(__file__).resolve().parent
SCREENSHOTS = HERE / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORTS = {
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1280, "height": 800}},
}
# Long enough for a slow shared machine, short enough that a missing element fails fast.
TIMEOUT_MS = 5_000


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Mark every test in this folder ``browser``, before ``-m`` selects by marker."""
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)


@dataclass(frozen=True)
class Account:
    email: str
    password: str
    role: Role


STAFF_EMAIL = "staff@example.org"


@dataclass
class LiveServer:
    url: str
    app: Flask

    def create_user(self, role: Role = Role.EDITOR, password: str = PASSWORD) -> Account:
        """A new user with a unique email, made by the app's own service."""
        email = f"{role.value}-{secrets.token_hex(4)}@example.org"
        with self.app.app_context():
            create_user(email, password, role, organisation_slug=None)
        return Account(email, password, role)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The demo site, served at ``live_server.url`` until the end of the session."""
    instance = tmp_path_factory.mktemp("browser") / "instance"
    # A real server: TESTING off, so errors take the same path as in production.
    # One rendering process: this server answers the page's polling in threads while a
    # Publish runs, and a process forked meanwhile can inherit a lock one of them held
    # (see workers.STALL_SECONDS). Rendering in processes has tests of its own.
    app = make_app(instance, TESTING=None, EXPORT_PROCESSES=1)
    result = app.test_cli_runner().invoke(args=["setup", "--demo"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        # The account page_types.py signs in with to reach the /manage pages.
        create_user(STAFF_EMAIL, PASSWORD, Role.EDITOR)

    # The jobs (Publish) run beside the server, as the development server runs them.
    consumer = start_embedded_consumer(app)
    try:
        with serving(make_server("127.0.0.1", 0, app, threaded=True)) as url:
            yield LiveServer(url, app)
    finally:
        consumer.stop(graceful=True)
        with app.app_context():
            from app.extensions import db

            db.engine.dispose()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        reason = f"the browser tests need Chromium at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; under CI they may not be skipped")
        pytest.skip(reason)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser: Browser, live_server: LiveServer):
    """Factory: ``new_page(viewport="desktop" | "phone", javascript=True)`` -> Page.

    Each page has its own browser context (cookies, cache), opens relative URLs on the
    live server, and is closed after the test.
    """
    contexts = []
    problems: list[str] = []

    def watch_request(request) -> None:
        if not request.url.startswith((live_server.url + "/", "data:", "about:")):
            problems.append(f"request to another site: {request.url}")

    def watch_response(response) -> None:
        # The page itself may be an error page; what it loads may not fail.
        if response.status >= 400 and response.request.resource_type != "document":
            problems.append(f"{response.status} for {response.url}")

    def make(viewport: str = "desktop", javascript: bool = True) -> Page:
        context = browser.new_context(
            base_url=live_server.url, java_script_enabled=javascript, **VIEWPORTS[viewport]
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.on("request", watch_request)
        page.on("response", watch_response)
        page.on("pageerror", lambda error: problems.append(f"JavaScript error: {error}"))
        return page

    yield make
    for context in contexts:
        context.close()
    assert not problems, "\n".join(problems)


@pytest.fixture
def page(new_page) -> Page:
    return new_page("desktop")


@pytest.fixture
def page_without_js(new_page) -> Page:
    return new_page("desktop", javascript=False)


@pytest.fixture
def phone_page(new_page) -> Page:
    return new_page("phone")


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request) -> str:
    return request.param


@pytest.fixture
def viewport_page(new_page, viewport) -> Page:
    """A page at each viewport in turn: the test runs once per width."""
    return new_page(viewport)


@pytest.fixture
def coordinator(live_server: LiveServer) -> Account:
    """A fresh editor account on the live server."""
    return live_server.create_user(Role.EDITOR)


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS
