"""Markdown to safe HTML: the one renderer behind every preview and every public page.

CommonMark (markdown-it-py) turns text into HTML; nh3 (ammonia) then keeps only a fixed
list of tags and attributes, so stored content can never carry a script, an event handler,
a style, an ``hx-*``/``data-*`` attribute or a link other than http, https or mailto.
An image keeps its source only when that is on this site: the static export carries no
Content-Security-Policy header, so its readers' browsers would fetch an image from another
site, telling it who reads what. Headings get stable ``id`` anchors derived from their text.
"""

import contextlib
import hashlib
import re
import sys
import threading
import unicodedata
from urllib.parse import urlsplit

import nh3
from cachetools import LRUCache
from flask import Flask, current_app, has_app_context, has_request_context, request
from markdown_it import MarkdownIt
from markupsafe import Markup

from app.areas import COORDINATORS_AREA
from app.i18n import current_language, default_language, languages

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "caption", "code", "dd", "del", "details", "dl", "dt",
    "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "img", "ins", "kbd",
    "li", "ol", "p", "pre", "s", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height", "loading"},
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
}  # fmt: skip
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

_TASK_HEADING = re.compile(r"^Task\s+(\d+)\.(\d+)\b", re.IGNORECASE)
# A link or image written as a path on this site: href="/reports/" (not "//host/...").
_SITE_PATH = re.compile(r'(<(a|img)\s[^>]*?\b(?:href|src)=")(/(?!/)[^"]*)')


def site_link(url: str) -> str:
    """A link written as a path on this site ("/reports/annual-2025/"), with the site's own
    path in front, so it leads to the page when the site is served below a path
    (``https://example.org/partnership/``), live and in the static export alike. On a page
    in another language than the default, a link to a page leads to that page in the same
    language (``/fr/reports/annual-2025/``)."""
    if has_request_context() and url.startswith("/") and not url.startswith("//"):
        return request.script_root + localised_path(url)
    return url


def localised_path(path: str) -> str:
    """``path`` below the current page's language prefix, when it is a public page's
    path (a folder outside the coordinators' area) not already in some language."""
    language = current_language()
    if language == default_language():
        return path
    bare = path.split("#", 1)[0].split("?", 1)[0]
    first = bare.lstrip("/").partition("/")[0]
    if (
        not bare.endswith("/")
        or first in languages()
        or any(bare == p or bare.startswith(p + "/") for p in (*COORDINATORS_AREA, "/static"))
    ):
        return path
    return f"/{language}{path}"


def _site_paths_from_root(html: str) -> str:
    """``site_link`` for every link and image in sanitised HTML."""
    if not has_request_context():
        return html
    root = request.script_root
    if not root and current_language() == default_language():
        return html

    def fix(match: re.Match) -> str:
        start, tag, path = match.group(1), match.group(2), match.group(3)
        return start + root + (localised_path(path) if tag == "a" else path)

    return _SITE_PATH.sub(fix, html)


# What a browser strips from both ends of an address before reading it.
_C0_CONTROLS_AND_SPACE = "".join(map(chr, range(0x21)))


def is_site_address(url: str) -> bool:
    """A path on this site ("/files/3/map.png", "map.png"): no scheme and no host, also not
    once a browser has dropped the tabs and line breaks in it and read "\\" as "/"."""
    url = re.sub(r"[\t\r\n]", "", url).strip(_C0_CONTROLS_AND_SPACE)
    url = url.replace("\\", "/")
    if url.startswith("//"):
        return False
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc


def remote_images(text: str) -> list[str]:
    """The sources of the images in Markdown ``text`` that are not on this site."""
    return [
        child.attrGet("src") or ""
        for token in _MD.parse(text or "")
        for child in token.children or ()
        if child.type == "image" and not is_site_address(str(child.attrGet("src") or ""))
    ]


def _site_images_only(element: str, attribute: str, value: str) -> str | None:
    """nh3's attribute filter: an image's source from elsewhere is dropped (its alt stays)."""
    if element == "img" and attribute == "src" and not is_site_address(value):
        return None
    return value


def slugify(text: str) -> str:
    """A lowercase ASCII slug: "Étape 4: Planning" -> "etape-4-planning"."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def heading_anchor(text: str) -> str:
    """The anchor of a heading; task headings get the guideline's ``task-4-2`` form."""
    task = _TASK_HEADING.match(text)
    if task:
        return f"task-{task.group(1)}-{task.group(2)}"
    return slugify(text) or "section"


def _add_heading_ids(md: MarkdownIt) -> None:
    def rule(state):
        seen: dict[str, int] = {}
        tokens = state.tokens
        for index, token in enumerate(tokens):
            if token.type != "heading_open":
                continue
            anchor = heading_anchor(tokens[index + 1].content)
            count = seen.get(anchor, 0)
            seen[anchor] = count + 1
            token.attrSet("id", anchor if count == 0 else f"{anchor}-{count + 1}")

    md.core.ruler.push("heading_ids", rule)


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": True})
    md.enable(["table", "strikethrough", "replacements", "smartquotes"])
    _add_heading_ids(md)
    return md


_MD = _parser()


def render_markdown(text: str, shift_headings: int = 0) -> Markup:
    """Render Markdown ``text`` to sanitised HTML.

    ``shift_headings`` lowers every heading level (a ``#`` inside a page body becomes an
    ``<h2>`` with 1), so the page title stays the only ``<h1>``.
    """
    clean = _cached_sanitised_html(text or "", shift_headings)
    # Sanitised by nh3 in _sanitised_html, so it is safe to mark as markup.
    return Markup(_site_paths_from_root(clean))  # noqa: S704  # nosec B704


# What one cached entry costs besides its HTML: the digest, the key tuple, the slot.
ENTRY_OVERHEAD = 200


class RenderCache:
    """Sanitised HTML by a digest of its Markdown, at most ``budget`` bytes in all.

    Keyed by SHA-256 of the text, so the text itself is never kept; the least recently
    used entries go first, and an HTML larger than the whole budget is not kept at all.
    Shared by a process's threads, hence the lock.
    """

    def __init__(self, budget: int):
        self.budget = budget
        self._entries: LRUCache = LRUCache(
            maxsize=max(budget, 1), getsizeof=lambda html: sys.getsizeof(html) + ENTRY_OVERHEAD
        )
        self._lock = threading.Lock()

    def get(self, key: tuple) -> str | None:
        with self._lock:
            return self._entries.get(key)

    def put(self, key: tuple, html: str) -> None:
        # ValueError: larger than the whole budget, so not kept.
        with self._lock, contextlib.suppress(ValueError):
            self._entries[key] = html

    @property
    def size(self) -> int:
        """The bytes the cached entries take, as counted against the budget."""
        return int(self._entries.currsize)


def init_app(app: Flask) -> None:
    """Give ``app`` its rendering cache of MARKDOWN_CACHE_BYTES (0: no cache)."""
    budget = app.config["MARKDOWN_CACHE_BYTES"]
    app.extensions["markdown_cache"] = RenderCache(budget) if budget > 0 else None


# A text is often rendered several times in a row: a partner's description on its page in
# each language (the export renders the four one after the other), a page's body and its
# preview. The result depends on the text alone; links get their prefix afterwards.
def _cached_sanitised_html(text: str, shift_headings: int) -> str:
    cache = current_app.extensions.get("markdown_cache") if has_app_context() else None
    if cache is None:
        return _sanitised_html(text, shift_headings)
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()
    key = (digest, shift_headings)
    html = cache.get(key)
    if html is None:
        html = _sanitised_html(text, shift_headings)
        cache.put(key, html)
    return html


def _sanitised_html(text: str, shift_headings: int) -> str:
    html = _MD.render(text)
    if shift_headings:
        html = re.sub(
            r"<(/?)h([1-6])\b",
            lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + shift_headings)}",
            html,
        )
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        attribute_filter=_site_images_only,
    )
