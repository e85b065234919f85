"""The exported copy keeps to the site's policy with no server to send it: served with no
headers at all, a page fetches no image from another site."""

import functools
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from app.editing.services import create_record, publish_record
from app.export import run_export
from app.pages.models import Page
from tests.browser.serving import serving
from tests.export_helpers import notes_blueprint

pytestmark = pytest.mark.browser

TRACKER = "http://tracker.invalid/pixel.png"
# How Playwright names Chromium's net::ERR_BLOCKED_BY_CSP, in its versions.
BLOCKED_BY_POLICY = {"csp", "net::ERR_BLOCKED_BY_CSP"}


class PlainHost(SimpleHTTPRequestHandler):
    """Serves files with no Content-Security-Policy, as most hosts and a USB stick do."""

    def log_message(self, format, *args):  # noqa: A002  (the standard library's name)
        pass


@pytest.fixture
def exported_copy(app, tmp_path):
    """A page whose stored text has a remote image (saved before forms refused one), and a
    page whose markup has one that no sanitiser saw; exported and served."""
    app.register_blueprint(notes_blueprint({"raw": f'<img id="raw" src="{TRACKER}" alt="x">'}))
    with app.app_context():
        page = create_record(
            Page,
            {"title": "About us", "slug": "about", "summary": "", "body": f"![Map]({TRACKER})"},
            None,
        )
        publish_record(page, None)
        report = run_export(tmp_path / "site")
    assert report.ok, report.problems
    handler = functools.partial(PlainHost, directory=str(tmp_path / "site"))
    with serving(ThreadingHTTPServer(("127.0.0.1", 0), handler)) as url:
        yield url


def test_an_exported_page_fetches_no_image_from_another_site(browser, exported_copy):
    context = browser.new_context()
    page = context.new_page()
    outside, blocked, violations = [], [], []
    page.on("request", lambda request: None if request.url.startswith(exported_copy + "/")
            else outside.append(f"{page.url} requested {request.url}"))  # fmt: skip
    # A request the page's policy refused: reported, never sent.
    page.on("requestfailed", lambda request: blocked.append(request.url)
            if request.failure in BLOCKED_BY_POLICY else None)  # fmt: skip
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)  # fmt: skip
    try:
        for path in ("/pages/about/", "/notes/raw/"):
            page.goto(exported_copy + path, wait_until="load")
        # The raw image was in the page, and its own policy refused it.
        assert page.locator("#raw").count() == 1
        assert any(TRACKER in text for text in violations), violations
        # The Markdown image lost its source when rendered: only the raw one was tried.
        assert outside == [f"{exported_copy}/notes/raw/ requested {TRACKER}"]
        assert blocked == [TRACKER]
        # The page itself still shows as it should: its stylesheet loaded under the policy.
        header = page.eval_on_selector(".site-header", "e => getComputedStyle(e).backgroundColor")
        assert header == "rgb(11, 90, 107)"
    finally:
        context.close()
