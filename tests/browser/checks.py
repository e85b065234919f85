"""Checks run inside the browser on whatever page is open.

Each returns a list of problems in words (empty when the page is fine), so that a failing
assertion says what a person would meet.
"""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

# axe-core, as bundled by axe-playwright-python (its version is printed in each report).
AXE = Axe()
BLOCKING_IMPACTS = {"serious", "critical"}


# Only the violations: axe then skips describing every node that passes.
AXE_OPTIONS = {"resultTypes": ["violations"]}


def load_axe_in_every_page(page: Page) -> None:
    """Have axe-core in every page the tab opens from now on, rather than sent over each
    time a check starts: for a check of many pages."""
    page.context.add_init_script(script=AXE.axe_script)


def start_accessibility_check(page: Page) -> None:
    """Start axe-core on the open page and return while it runs, so that pages in other
    browser contexts (other processes) can be checked at the same time."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE.axe_script)
    page.evaluate("options => { window.axeResults = axe.run(document, options); }", AXE_OPTIONS)


def accessibility_check_problems(page: Page) -> list[str]:
    """The serious and critical violations that the check started on ``page`` found, once
    it has finished."""
    results = page.evaluate("window.axeResults")
    version = results.get("testEngine", {}).get("version", "?")
    problems = []
    for violation in results["violations"]:
        if violation["impact"] not in BLOCKING_IMPACTS:
            continue
        targets = "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        problems.append(
            f"axe {version} {violation['id']} ({violation['impact']}): "
            f"{violation['help']} at {targets}"
        )
    return problems


def accessibility_problems(page: Page) -> list[str]:
    """axe-core's serious and critical violations (WCAG 2.x A/AA, colour contrast included)."""
    start_accessibility_check(page)
    return accessibility_check_problems(page)


def heading_problems(page: Page) -> list[str]:
    """One h1, and no level skipped on the way down (h2 then h4 is a skip)."""
    levels = page.eval_on_selector_all(
        "h1, h2, h3, h4, h5, h6", "headings => headings.map(h => Number(h.tagName[1]))"
    )
    problems = []
    if levels.count(1) != 1:
        problems.append(f"{levels.count(1)} h1 elements instead of one")
    if levels and levels[0] != 1:
        problems.append(f"the first heading is h{levels[0]}, not h1")
    for before, after in zip(levels, levels[1:], strict=False):
        if after > before + 1:
            problems.append(f"h{before} is followed by h{after}")
    return problems


def overflow_problems(page: Page) -> list[str]:
    """Content wider than the window makes a phone reader scroll sideways.

    Measured against the screen's width, not ``innerWidth``: a mobile browser widens its
    layout viewport to fit content that overflows, so ``innerWidth`` grows with the fault.
    """
    screen = page.viewport_size["width"]
    widths = page.evaluate(
        "({page: document.documentElement.scrollWidth, window: window.innerWidth})"
    )
    widest = max(widths["page"], widths["window"])
    if widest > screen:
        return [f"the page is {widest}px wide on a {screen}px screen"]
    return []


# The focused element's outline, and the colour behind it on each side where it is drawn.
FOCUS_JS = """
element => {
  const style = getComputedStyle(element);
  const box = element.getBoundingClientRect();
  const offset = parseFloat(style.outlineOffset) || 0;
  const width = parseFloat(style.outlineWidth) || 0;
  // An outline with a negative offset may lie wholly inside the element, on its own
  // background; otherwise it is drawn on whatever lies around the element.
  const inside = offset + width <= 0;
  const reach = inside ? -(offset + width / 2) : Math.max(0, offset) + width / 2;
  const sign = inside ? -1 : 1;
  const middle = [box.left + box.width / 2, box.top + box.height / 2];
  const points = [
    [box.left - sign * reach, middle[1]], [box.right + sign * reach, middle[1]],
    [middle[0], box.top - sign * reach], [middle[0], box.bottom + sign * reach],
  ].filter(([x, y]) => x >= 0 && y >= 0 && x < innerWidth && y < innerHeight);
  const behind = ([x, y]) => {
    for (const under of document.elementsFromPoint(x, y)) {
      if (!inside && element.contains(under)) continue;
      const colour = getComputedStyle(under).backgroundColor;
      if (!/^rgba\\(.*, 0\\)$/.test(colour) && colour !== 'transparent') return colour;
    }
    return 'rgb(255, 255, 255)';
  };
  return {
    name: (element.tagName + ' ' + (element.innerText || element.name || element.id || '')).trim(),
    style: style.outlineStyle, width: width,
    colour: style.outlineColor, backgrounds: points.map(behind),
    onScreen: box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth,
  };
}
"""
MIN_FOCUS_CONTRAST = 3.0  # WCAG 2.2 1.4.11, non-text contrast


def relative_luminance(colour: str) -> float:
    """Of a computed CSS colour such as ``rgb(11, 90, 107)``, as WCAG defines it."""

    def linear(value: str) -> float:
        share = float(value) / 255
        return share / 12.92 if share <= 0.04045 else ((share + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(v) for v in colour[colour.index("(") + 1 : -1].split(",")[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: str, second: str) -> float:
    light, dark = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def focus_problems(page: Page) -> list[str]:
    """Tab through the page; every stop must be on screen with an outline that stands out."""
    # A page reached by a form post can report its text visible before its stylesheet has
    # loaded; without the stylesheet no focus ring is drawn.
    page.wait_for_load_state("load")
    problems = []
    seen = []
    for _ in range(100):
        page.keyboard.press("Tab")
        focused = page.evaluate_handle("document.activeElement")
        if page.evaluate("e => e === document.body", focused) or (
            seen and page.evaluate("([e, first]) => e === first", [focused, seen[0]])
        ):
            break
        seen.append(focused)
        ring = page.evaluate(FOCUS_JS, focused)
        where = f"Tab stop {len(seen)} ({ring['name'][:40]!r})"
        if not ring["onScreen"]:
            problems.append(f"{where} is off screen when focused")
        if ring["style"] == "none" or ring["width"] < 2:
            problems.append(f"{where} has no visible outline")
            continue
        for background in ring["backgrounds"]:
            ratio = contrast(ring["colour"], background)
            if ratio < MIN_FOCUS_CONTRAST:
                problems.append(
                    f"{where}: outline {ring['colour']} on {background} has contrast "
                    f"{ratio:.1f}, below {MIN_FOCUS_CONTRAST}"
                )
                break
    return problems
