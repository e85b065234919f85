"""The offline bundle in a real browser: unzipped and opened as files, no server at all."""

import zipfile

import pytest

from app.demo import load_demo
from app.export import run_export
from tests.export_helpers import notes_blueprint

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def browser_page(browser):
    """A page of the browser tests' shared Chromium (one Playwright per test run)."""
    context = browser.new_context()
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.requests = requests
    yield page
    context.close()


def test_the_unzipped_bundle_navigates_from_files(app, tmp_path, browser_page):
    app.register_blueprint(notes_blueprint({"water": "Clean water for all."}))
    with app.app_context():
        load_demo()
        assert run_export(tmp_path / "site", zip_path=tmp_path / "coalition.zip").ok
    with zipfile.ZipFile(tmp_path / "coalition.zip") as bundle:
        bundle.extractall(tmp_path / "usb-stick")
    root = tmp_path / "usb-stick" / "coalition"

    page = browser_page
    page.goto((root / "notes" / "index.html").as_uri())
    page.get_by_role("link", name="water", exact=True).click()
    assert page.url == (root / "notes" / "water" / "index.html").as_uri()
    assert page.get_by_role("heading", level=1).inner_text() == "water"
    # The stylesheet loaded from the folder: the header has the site's accent colour.
    header = page.eval_on_selector(".site-header", "e => getComputedStyle(e).backgroundColor")
    assert header == "rgb(11, 90, 107)"  # --accent: #0b5a6b

    page.get_by_role("link", name="Mekong Delta Water Partnership").click()
    assert page.url == (root / "index.html").as_uri()
    assert "Mekong Delta Water Partnership" in page.get_by_role("heading", level=1).inner_text()
    assert all(url.startswith("file://") for url in page.requests), page.requests


@pytest.mark.parametrize("view", ["decisions/index.html", "reports/type/annual/index.html"])
def test_the_views_that_replace_the_filters_are_accessible(app, tmp_path, browser_page, view):
    """Read from files, the register's and the reports' pre-rendered views are plain links
    a keyboard and a screen reader use like any other."""
    from tests.browser.checks import accessibility_problems, heading_problems

    with app.app_context():
        load_demo()
        assert run_export(tmp_path / "site").ok
    page = browser_page
    page.goto((tmp_path / "site" / view).as_uri())
    assert accessibility_problems(page) == []
    assert heading_problems(page) == []
    views = page.get_by_role("navigation", name="Views of the")
    year = views.locator("p", has_text="Year").get_by_role("link").last
    name = year.inner_text()
    year.click()
    assert page.url.endswith(f"/year/{name}/index.html")
    assert page.get_by_role("heading", level=1).inner_text().endswith(f": {name}")
    assert page.locator("[aria-current=page]", has_text=name).count() == 1
    assert all(url.startswith("file://") for url in page.requests), page.requests


def test_the_exported_directory_lists_partners_across_the_page(app, tmp_path, browser_page):
    """The static copy has no filters beside the results: the list takes the column the
    filters would have left, rather than a narrow strip with the rest of the page empty."""
    with app.app_context():
        load_demo()
        assert run_export(tmp_path / "site").ok
    page = browser_page
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto((tmp_path / "site" / "partners" / "index.html").as_uri())
    content = page.locator("main").bounding_box()
    listing = page.locator(".partner-list").bounding_box()
    assert listing["width"] > 0.9 * content["width"], (listing, content)
    assert page.locator(".partner-list .partner").count() > 0
