"""Links in exported files: found, then rewritten relative to the page that holds them.

Relative links make one export work from any sub-path of any server and opened as files.
Browsers opening files do not turn a folder into its ``index.html``, so links to folders
get ``index.html`` appended. Error documents (404.html) are shown by servers at any depth,
so their links are written from the site root instead, when the site root is known.
Search engines read ``<link rel="alternate" hreflang>`` only as full addresses: with the
site's address known they stay absolute (and are still checked); without it they are
relative like any other link.

HTML is scanned tag by tag rather than parsed: the templates and the Markdown renderer
always quote attribute values and escape ``<`` in text, and a scan keeps the export fast.
"""

import html
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

_ATTRIBUTE_VALUE = r"(?:\"[^\"]*\"|'[^']*'|[^\s\"'>]+)"
_URL_ATTRIBUTES = r"href|src|action|poster|srcset|data"
# An opening tag that has a URL attribute (a '>' inside a quoted value is allowed). The
# lookahead skips, at regex speed, the many tags without one.
_TAG = re.compile(
    rf"<([a-zA-Z][a-zA-Z0-9-]*)"
    rf"(?=(?:[^>\"']|\"[^\"]*\"|'[^']*')*?\s(?:{_URL_ATTRIBUTES})\s*=)"
    rf"((?:\s+[^\s\"'>/=]+(?:\s*=\s*{_ATTRIBUTE_VALUE})?)*)\s*/?>",
    re.IGNORECASE,
)
# The name of a URL attribute, wherever it is: found at regex speed, it leads to the few
# tags (one in six of a page's) that are worth trying ``_TAG`` on.
_URL_ATTRIBUTE_NAME = re.compile(rf"\s(?:{_URL_ATTRIBUTES})\s*=", re.IGNORECASE)
_URL_ATTRIBUTE = re.compile(
    rf"(\s)({_URL_ATTRIBUTES})(\s*=\s*)(?:\"([^\"]*)\"|'([^']*)')", re.IGNORECASE
)
_REL = re.compile(rf"\srel\s*=\s*{_ATTRIBUTE_VALUE}", re.IGNORECASE)
_HREFLANG = re.compile(r"\shreflang\s*=", re.IGNORECASE)
_CSS_URL = re.compile(r"url\(\s*(?:\"([^\"]*)\"|'([^']*)'|([^)\s]*))\s*\)|@import\s+\"([^\"]*)\"")
# A path that percent-encoding would leave as it is.
_PLAIN_PATH = re.compile(r"[A-Za-z0-9/._~!$'()*+,;=:@-]*")
_HTML_SPECIAL = re.compile(r"[&<>\"']")

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
    """The folder a URL path is in, with its trailing slash: "/a/b.css" -> "/a/"."""
    return path[: path.rfind("/") + 1]


def relative(target: str, folder: str) -> str:
    """The relative URL from ``folder`` ("/a/b/") to ``target`` ("/a/c/index.html")."""
    target_parts = target.split("/")
    folder_parts = folder.split("/")[:-1]
    common = 0
    for mine, theirs in zip(target_parts, folder_parts, strict=False):
        if mine != theirs:
            break
        common += 1
    return "../" * (len(folder_parts) - common) + "/".join(target_parts[common:])


class Rewriter:
    """Rewrites the links of one file and collects what it links to."""

    def __init__(self, site: Site, page_path: str, *, from_root: bool = False):
        self.site = site
        self.folder = page_folder(page_path)
        self.from_root = from_root and site.root_known
        self.links: list[Link] = []
        self.external_loads: list[str] = []
        self._rewritten: dict[str, str] = {}

    def url(self, value: str, *, loaded: bool) -> str:
        """The rewritten form of one URL (as found, unescaped); external ones unchanged."""
        rest, _hash, fragment = value.partition("#")
        rest, _mark, query = rest.partition("?")
        path = self._internal_path(rest)
        if path is None:
            if loaded and urlsplit(value).netloc:
                self.external_loads.append(value)
            return value
        plain = "%" not in path
        self.links.append(Link(path if plain else unquote(path), query, loaded))
        if path.startswith("/../"):
            return value
        new = self._rewritten.get(path)
        if new is None:
            encoded = path if plain and _PLAIN_PATH.fullmatch(path) else _encode(path)
            if self.from_root:
                new = self.site.script_root + encoded
            else:
                new = relative("/" + target_file(encoded), self.folder)
            self._rewritten[path] = new
        if query:
            new += "?" + query
        if fragment:
            new += "#" + fragment
        return new

    def _internal_path(self, value: str) -> str | None:
        """The path below the site root if ``value`` points into this site, else None."""
        if not value.startswith("/"):
            if "://" not in value:
                return None  # relative already, or mailto:, tel:, data:
            parts = urlsplit(value)
            if f"{parts.scheme}://{parts.netloc}" != self.site.origin:
                return None
            value = parts.path or "/"
        elif value.startswith("//"):
            return None
        root = self.site.script_root
        if root:
            if value == root:
                return "/"
            if not value.startswith(root + "/"):
                # A server-absolute link outside the base path: the link check reports it.
                return "/../" + value.lstrip("/")
            value = value[len(root) :]
        return value

    def srcset(self, value: str, *, loaded: bool) -> str:
        candidates = []
        for candidate in value.split(","):
            url, _space, descriptor = candidate.strip().partition(" ")
            new = self.url(url, loaded=loaded)
            candidates.append(f"{new} {descriptor}".strip())
        return ", ".join(candidates)

    def html(self, text: str) -> str:
        """``text`` with the links of its tags rewritten.

        Each URL attribute's tag starts at the last ``<`` before the attribute; trying
        ``_TAG`` there only, rather than at every ``<`` of the page, makes rewriting a page
        cheaper. An attribute name it cannot place in a tag (words of the text,
        or a ``<`` inside a quoted value) sends the whole text through ``_TAG`` instead.
        """
        pieces: list[str] = []
        done = 0  # text[:done] is in pieces
        for found in _URL_ATTRIBUTE_NAME.finditer(text):
            if found.start() < done:
                continue  # in the tag just rewritten
            start = text.rfind("<", done, found.start())
            tag = _TAG.match(text, start) if start >= 0 else None
            if tag is None or tag.end() <= found.start():
                self.links.clear()
                self.external_loads.clear()
                return _TAG.sub(self._tag, text)
            pieces.append(text[done:start])
            pieces.append(self._tag(tag))
            done = tag.end()
        if not pieces:
            return text
        pieces.append(text[done:])
        return "".join(pieces)

    def _tag(self, match: re.Match) -> str:
        name = match.group(1).lower()
        attributes = match.group(2)
        loads_link = keeps_address = False
        if name == "link":
            rel = _REL.search(attributes)
            rels = rel.group(0).partition("=")[2].strip("\"' \t\n").split() if rel else []
            loads_link = not _LOADED_RELS.isdisjoint(rels)
            keeps_address = (
                self.site.root_known and "alternate" in rels and bool(_HREFLANG.search(attributes))
            )

        def attribute(found: re.Match) -> str:
            attr = found.group(2).lower()
            if attr == "data" and name != "object":
                return found.group(0)
            raw = found.group(4) if found.group(4) is not None else found.group(5)
            loaded = loads_link or (name, attr) in _LOADED
            value = html.unescape(raw) if "&" in raw else raw
            if keeps_address and attr == "href":
                self.url(value, loaded=False)  # checked like any link, written as it is
                return found.group(0)
            new = self.srcset(value, loaded=loaded) if attr == "srcset" else None
            new = new if new is not None else self.url(value, loaded=loaded)
            if new == value:
                return found.group(0)
            escaped = html.escape(new) if _HTML_SPECIAL.search(new) else new
            return f'{found.group(1)}{found.group(2)}{found.group(3)}"{escaped}"'

        new_attributes = _URL_ATTRIBUTE.sub(attribute, attributes)
        if new_attributes == attributes:
            return match.group(0)
        whole = match.group(0)
        start = match.start(2) - match.start(0)
        return whole[:start] + new_attributes + whole[start + len(attributes) :]

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


def _encode(path: str) -> str:
    return quote(unquote(path), safe="/:@!$&'()*+,;=~-._")
