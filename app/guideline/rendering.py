"""How guideline text becomes HTML and where each page lives: one answer for the reader
and for the content checks, so a link the checks accept is a link the reader serves."""

import re
from html import unescape
from math import ceil, cos, degrees, radians, sin

from markupsafe import Markup

from app.guideline.models import PageKind
from app.markdown import render_markdown

ROOT = "/guidelines/"
# Pages of the reader that are not records; no module may take these slugs.
SECTION_PATHS = {
    PageKind.SUCCESS_FACTOR: "/guidelines/success-factors/",
    PageKind.GOVERNANCE: "/guidelines/governance/",
}
CASES_PATH = "/guidelines/cases/"
PROGRESS_PATH = "/guidelines/where-we-are/"
RESERVED_SLUGS = {"success-factors", "governance", "cases", "where-we-are"}

_ID = re.compile(r'\bid="([^"]+)"')
_HREF = re.compile(r'\bhref="([^"]*)"')
WORDS_PER_MINUTE = 200


def page_html(body: str) -> Markup:
    """A page body: its ``##`` sections are the page's second-level headings."""
    return render_markdown(body)


def section_html(slug: str, body: str) -> Markup:
    """One section of a page that gathers several records (success factors, governance).

    Headings move one level down under the section's own ``<h2 id="slug">``, and their
    anchors take the slug as a prefix, so two sections' "Why it matters" stay distinct.
    """
    html = render_markdown(body, shift_headings=1)
    # nosec B704: html comes from render_markdown (sanitised); only anchor ids change.
    return Markup(_ID.sub(lambda m: f'id="{slug}-{m.group(1)}"', html))  # noqa: S704  # nosec B704


def anchors_in(html: str) -> set[str]:
    return set(_ID.findall(html))


def links_in(html: str) -> list[str]:
    return [unescape(href) for href in _HREF.findall(html)]


def reading_minutes(text: str) -> int:
    return max(1, ceil(len(text.split()) / WORDS_PER_MINUTE))


def page_path(values: dict) -> str:
    """The site path of a page, or of the section that shows it (``#slug`` added)."""
    kind = PageKind(values["kind"])
    slug = values.get("slug") or ""
    if kind is PageKind.OVERVIEW:
        return ROOT
    if kind is PageKind.MODULE:
        return f"{ROOT}{slug}/"
    if kind is PageKind.STEP:
        return f"{ROOT}{values.get('module') or ''}/{slug}/"
    if kind is PageKind.CASE:
        return f"{CASES_PATH}{slug}/"
    return f"{SECTION_PATHS[kind]}#{slug}"


# The cycle on the overview: a circle per module on a ring, its name outside the ring,
# and arcs with arrows from each module to the next.
CYCLE = {"width": 460, "height": 310, "cx": 230, "cy": 150, "r": 100, "node_r": 22}
LABEL_CHARS = 14  # a name wraps to lines of at most this many characters


def wrap_words(text: str, width: int = LABEL_CHARS) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def cycle_drawing(modules: list) -> dict:
    """Coordinates of the overview's cycle for ``modules`` in order, clockwise from the top."""
    count = len(modules)
    cx, cy, r, node_r = CYCLE["cx"], CYCLE["cy"], CYCLE["r"], CYCLE["node_r"]
    angles = [-90 + 360 * i / max(count, 1) for i in range(count)]
    nodes = []
    for module, angle in zip(modules, angles, strict=True):
        dx, dy = cos(radians(angle)), sin(radians(angle))
        x, y = cx + r * dx, cy + r * dy
        anchor = "middle" if abs(dx) < 0.3 else ("start" if dx > 0 else "end")
        label_x = x + (node_r + 8) * dx if anchor != "middle" else x
        lines = wrap_words(module.title.split(":", 1)[-1].strip())
        if dy < -0.5:
            label_y = y - node_r - 10 - 18 * (len(lines) - 1)
        elif dy > 0.5:
            label_y = y + node_r + 20
        else:
            label_y = y + 5 - 9 * (len(lines) - 1)
        nodes.append({
            "page": module, "x": round(x, 1), "y": round(y, 1), "anchor": anchor,
            "label_x": round(label_x, 1), "label_y": round(label_y, 1), "lines": lines,
        })  # fmt: skip
    arcs = []
    if count > 1:
        gap = degrees((node_r + 7) / r)
        for angle in angles:
            start, end = angle + gap, angle + 360 / count - gap
            x1, y1 = cx + r * cos(radians(start)), cy + r * sin(radians(start))
            x2, y2 = cx + r * cos(radians(end)), cy + r * sin(radians(end))
            arcs.append(f"M{x1:.1f} {y1:.1f}A{r} {r} 0 0 1 {x2:.1f} {y2:.1f}")
    return {**CYCLE, "nodes": nodes, "arcs": arcs}
