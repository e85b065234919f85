"""The live directory search in a real Chromium: results follow the typing and the ticks,
the address follows the results, and Back goes back."""

import pytest
from werkzeug.serving import make_server

from tests.browser.serving import serving
from tests.partners_helpers import make_partner

pytestmark = pytest.mark.browser


@pytest.fixture
def live_server(app):
    with serving(make_server("127.0.0.1", 0, app, threaded=True)) as url:
        yield url


@pytest.fixture
def page(browser, live_server):
    """A page of the browser tests' shared Chromium (one Playwright per test run)."""
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_results_follow_typing_and_ticking_without_reloading(app, live_server, page):
    from playwright.sync_api import expect

    make_partner(app, name="Delta Water Users", slug="dwu", stakeholder_group="civil-society")
    make_partner(app, name="Lao Water Lab", slug="lab", stakeholder_group="academia")
    make_partner(app, name="Rice Traders", slug="rice", stakeholder_group="private-sector")

    page.goto(f"{live_server}/partners/")
    names = page.locator(".partner h3 a")
    expect(names).to_have_count(3)
    # Set on this document: a full page load would lose it.
    page.evaluate("window.sameDocument = true")

    page.locator("#q").press_sequentially("wat", delay=40)
    expect(names).to_have_count(2)
    expect(page).to_have_url(f"{live_server}/partners/?q=wat")

    page.locator("#f-group-academia").check()
    expect(names).to_have_text(["Lao Water Lab"])
    expect(page).to_have_url(f"{live_server}/partners/?q=wat&group=academia")
    assert page.evaluate("window.sameDocument") is True

    page.go_back()
    expect(page).to_have_url(f"{live_server}/partners/?q=wat")
    expect(names).to_have_count(2)
