"""Arabic pages lay out right to left; the language switcher works without JavaScript."""

from tests.browser.checks import overflow_problems

STEP = "/guidelines/initiation/getting-started/"


def box(page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


def test_an_arabic_page_is_mirrored(viewport_page, viewport, screenshots):
    page = viewport_page
    page.goto("/ar" + STEP)
    assert page.evaluate("getComputedStyle(document.documentElement).direction") == "rtl"
    width = page.evaluate("window.innerWidth")
    # The site's name starts the header line on the right, the title hugs the right edge.
    name, title = box(page, ".site-name"), box(page, "main h1")
    assert name["x"] + name["width"] > width * 0.6
    assert title["x"] + title["width"] > width * 0.6
    # The English text shown while no translation exists keeps its own direction.
    fallback = page.locator(".fallback").first
    assert fallback.evaluate("element => getComputedStyle(element).direction") == "ltr"
    page.screenshot(path=screenshots / f"arabic-step-{viewport}.png", full_page=True)
    assert overflow_problems(page) == []


def test_the_switcher_keeps_the_page_without_javascript(page_without_js):
    page = page_without_js
    page.goto("/fr" + STEP)
    page.locator('.languages a[lang="es"]').click()
    assert page.url.endswith("/es" + STEP)
    assert page.locator("html").get_attribute("lang") == "es"
    page.locator('.languages a[lang="en"]').click()
    assert page.url.endswith(STEP) and "/es/" not in page.url
