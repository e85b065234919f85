"""Every kind of page fits a phone and a desktop window; the tests keep a picture of each
in tests/browser/screenshots/ for people to look at."""

import pytest

from tests.browser.checks import overflow_problems
from tests.browser.page_types import PAGE_TYPES


@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=str)
def test_page_fits_the_window(viewport_page, viewport, page_type, screenshots):
    page_type.open(viewport_page)
    viewport_page.screenshot(path=screenshots / f"{page_type}-{viewport}.png", full_page=True)
    assert overflow_problems(viewport_page) == []
