"""Links in exported files: found, then rewritten relative to the page that holds them.

Relative links make one export work from any sub-path of any server and opened as files.
Browsers opening files do not turn a folder into its ``index.html``, so links to folders
get ``index.html`` appended. Error documents (404.html) are shown by servers at any depth,
so their links are written from the site root instead, when the site root is known.

HTML is scanned tag by tag rather than parsed: the templates and the Markdown renderer
always quote attribute values and escape ``<`` in text, and a scan keeps the export fast.
"""

import html
import posixpath
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

# An opening tag, with quoted or bare attribute values (a '>' inside quotes is allowed).
_TAG = re.compile(
    r"<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s\"'>/=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?)*)\s*/?>"
)
_URL_ATTRIBUTE = re.compile(
    r"(\s)(href|src|action|poster|srcset|data)(\s*=\s*)(?:\"([^\"]*)\"|'([^']*)')", re.IGNORECASE
)
_REL = re.compile(r"\srel\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'>]+))", re.IGNORECASE)
_CSS_URL = re.compile(r"url\(\s*(?:\"([^\"]*)\"|'([^']*)'|([^)\s]*))\s*\)|@import\s+\"([^\"]*)\"")

# <link rel=...> values that make the browser load the target while showing the page.
_LOADED_RELS = {"stylesheet", "icon", "preload", "modulepreload", "manifest", "apple-touch-icon"}
_LOADED = {("img", "src"), ("script", "src"), ("source", "src"), ("source", "srcset"),
           ("img", "srcset"), ("video", "src"), ("video", "poster"), ("audio", "src"),
           ("iframe", "src"), ("embed", "src"), ("object", "data"), ("input", "src"),
           ("track", "src")}  # fmt: skip


@dataclass(frozen=True)
class Site:
    """Where the pages were rendered: origin ("https://example.org") and script root."""

    origin: str
    script_root: str = ""
    root_known: bool = True  # False when no --base-url was given


@dataclass(frozen=True)
class Link:
    """An internal link: a path below the site root, unquoted, with its query if any."""

    path: str
    query: str = ""
    loaded: bool = False  # the browser fetches it to show the page (stylesheet, image)


def target_file(path: str) -> str:
    """The exported file that answers a URL path: "/a/b/" -> "a/b/index.html".

    Names are NFC-normalised, so a page has one file name whichever form its link used.
    """
    name = path[1:] + "index.html" if path.endswith("/") else path[1:]
    return name if name.isascii() else unicodedata.normalize("NFC", name)


def page_folder(path: str) -> str:
    return path if path.endswith("/") else posixpath.dirname(path) or "/"


class Rewriter:
    """Rewrites the links of one file and collects what it links to."""

    def __init__(self, site: Site, page_path: str, *, from_root: bool = False):
        self.site = site
        self.folder = page_folder(page_path)
        self.from_root = from_root and site.root_known
        self.links: list[Link] = []
        self.external_loads: list[str] = []

    def url(self, value: str, *, loaded: bool) -> str:
        """The rewritten form of one URL (as found, unescaped); external ones unchanged."""
        path = self._internal_path(value)
        if path is None:
            if loaded and urlsplit(value).netloc:
                self.external_loads.append(value)
            return value
        parts = urlsplit(value)
        self.links.append(Link(unquote(path), parts.query, loaded))
        if path.startswith("/../"):
            return value
        encoded = quote(unquote(path), safe="/:@!$&'()*+,;=~-._")
        if self.from_root:
            new = self.site.script_root + encoded
        else:
            # Both absolute, so relpath never consults the working directory.
            new = posixpath.relpath("/" + target_file(encoded), self.folder)
        if parts.query:
            new += "?" + parts.query
        if parts.fragment:
            new += "#" + parts.fragment
        return new

    def _internal_path(self, value: str) -> str | None:
        """The path below the site root if ``value`` points into this site, else None."""
        if value.startswith("//"):
            return None
        if not value.startswith("/"):
            parts = urlsplit(value)
            if not parts.scheme or f"{parts.scheme}://{parts.netloc}" != self.site.origin:
                return None
            value = parts.path or "/"
        path = urlsplit(value).path
        root = self.site.script_root
        if root:
            if path == root:
                return "/"
            if not path.startswith(root + "/"):
                # A server-absolute link outside the base path: the link check reports it.
                return "/../" + path.lstrip("/")
            path = path[len(root) :]
        return path

    def srcset(self, value: str, *, loaded: bool) -> str:
        candidates = []
        for candidate in value.split(","):
            url, _space, descriptor = candidate.strip().partition(" ")
            new = self.url(url, loaded=loaded)
            candidates.append(f"{new} {descriptor}".strip())
        return ", ".join(candidates)

    def html(self, text: str) -> str:
        return _TAG.sub(self._tag, text)

    def _tag(self, match: re.Match) -> str:
        name = match.group(1).lower()
        attributes = match.group(2)
        if not attributes:
            return match.group(0)
        loads_link = False
        if name == "link":
            rel = _REL.search(attributes)
            rels = set((rel and next(g for g in rel.groups() if g is not None) or "").split())
            loads_link = bool(rels & _LOADED_RELS)

        def attribute(found: re.Match) -> str:
            attr = found.group(2).lower()
            raw = found.group(4) if found.group(4) is not None else found.group(5)
            if attr == "data" and name != "object":
                return found.group(0)
            loaded = (name, attr) in _LOADED or loads_link
            value = html.unescape(raw)
            new = self.srcset(value, loaded=loaded) if attr == "srcset" else None
            new = new if new is not None else self.url(value, loaded=loaded)
            if new == value:
                return found.group(0)
            return f'{found.group(1)}{found.group(2)}{found.group(3)}"{html.escape(new)}"'

        new_attributes = _URL_ATTRIBUTE.sub(attribute, attributes)
        if new_attributes == attributes:
            return match.group(0)
        start = match.start(2) - match.start(0)
        end = match.end(2) - match.start(0)
        whole = match.group(0)
        return whole[:start] + new_attributes + whole[end:]

    def css(self, text: str) -> str:
        def replace(found: re.Match) -> str:
            value = next(g for g in found.groups() if g is not None)
            if not value or value.startswith("data:"):
                return found.group(0)
            new = self.url(value, loaded=True)
            if found.group(4) is not None:
                return f'@import "{new}"'
            return f'url("{new}")'

        return _CSS_URL.sub(replace, text)
