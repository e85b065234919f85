"""Which pages are public: every feature declares the URLs it contributes.

A feature declares a generator in its descriptor (``app.features.PublicUrls``), which
calls ``register_public_urls`` for it, for example::

    register_feature(app, Feature("partners", bp, public_urls=(PublicUrls(partner_urls),)))

    def partner_urls():
        yield "partners.index", {}
        for slug in published_partner_slugs():
            yield "partners.partner", {"slug": slug}

A generator yields ``(endpoint, values)`` pairs for ``url_for`` or plain paths ("/feed.xml").
Registering is also what makes an endpoint public: links found on exported pages (the
``url_for`` links of templates and Python code alike, and links typed into Markdown) are
followed only when they lead to an endpoint declared this way, so a link to /login left in
a template makes the export fail its link check instead of exporting the page. Nothing
under ``NEVER_EXPORTED`` is exported, whatever is registered.
"""

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

from flask import Flask, current_app, request
from werkzeug.exceptions import HTTPException
from werkzeug.routing import MapAdapter

from app.areas import SIGNED_IN_AREAS
from app.export.state import group_key, shown_key
from app.i18n import (
    LANG_ARG,
    default_language,
    in_language,
    language_of_path,
    prefixed_endpoints,
    url_builder,
)

# The coordinators' and members' sides of the site; robots.txt disallows them too.
NEVER_EXPORTED = SIGNED_IN_AREAS

UrlGenerator = Callable[[], Iterable[str | tuple[str, dict[str, Any]]]]


@dataclass(frozen=True)
class UrlSource:
    generator: UrlGenerator
    status: int = 200
    endpoints: tuple[str, ...] = ()
    # The generator takes the URLs every other source declared (see register_public_urls).
    of_urls: bool = False


@dataclass(frozen=True)
class CountCheck:
    """``expected()`` published records should give as many exported pages of ``endpoint``."""

    name: str
    endpoint: str
    expected: Callable[[], int]


# ids of changed records of one kind (as they appear in change keys, so text) ->
# the (parent_type, parent_id) of each, as the records are now.
ParentsOf = Callable[[list[str]], Iterable[tuple[str, object]]]


# record keys ("organisation:42") or group keys ("organisation:group=academia") of one
# record type -> what a page shows of each now (missing: shown nowhere any more).
ShownNow = Callable[[list[str]], Mapping[str, str]]


@dataclass
class PublicRegistry:
    sources: list[UrlSource] = field(default_factory=list)
    count_checks: list[CountCheck] = field(default_factory=list)
    parents: dict[str, list[ParentsOf]] = field(default_factory=dict)
    shown: dict[str, list[ShownNow]] = field(default_factory=dict)


@dataclass(frozen=True)
class PublicUrl:
    """A URL path below the site root ("/partners/acme/"), unquoted, without query."""

    path: str
    endpoint: str | None
    status: int = 200
    problem: str = ""

    @property
    def is_page(self) -> bool:
        """Pages are folders; files such as /sitemap.xml are not listed in the sitemap."""
        return self.path.endswith("/") and self.status == 200 and not self.problem


def registry(app: Flask) -> PublicRegistry:
    return app.extensions.setdefault("roundtable.public_urls", PublicRegistry())


def register_public_urls(
    app: Flask,
    generator: UrlGenerator,
    *,
    status: int = 200,
    endpoints: Iterable[str] = (),
    of_urls: bool = False,
):
    """Declare the public URLs ``generator`` yields; returns the generator.

    ``status`` is the answer the export expects: error documents such as /404.html are
    served with their error status live and exported all the same. ``endpoints`` declares
    endpoints whose pages are public wherever a link on an exported page finds them,
    without the generator listing each one (pages of a list, say). With ``of_urls`` the
    generator is called last, with the list of every other declared ``PublicUrl``, for
    files that follow from them (the parts of a large sitemap); its URLs are files.
    """
    registry(app).sources.append(UrlSource(generator, status, tuple(endpoints), of_urls))
    return generator


def register_count_check(
    app: Flask, name: str, *, endpoint: str, expected: Callable[[], int]
) -> None:
    """Fail the export unless it holds ``expected()`` pages of ``endpoint``.

    A feature passes the count of its published records, so a record whose page went
    missing (a generator that skipped it, a page that failed) stops the export.
    """
    registry(app).count_checks.append(CountCheck(name, endpoint, expected))


def register_parents(app: Flask, record_type: str, parents: ParentsOf) -> None:
    """Declare what records of ``record_type`` belong to, for ``depends_on(..., of=...)``.

    ``parents(ids)`` gets the ids of changed records and yields ``(parent_type,
    parent_id)`` for each that still exists: a decision yields ``("meeting", 5)``. A page
    listing the decisions of meeting 5 is then re-rendered when one of them changes, or
    is published for the first time. A record that moved to another parent was shown on
    the old parent's page, which depends on it by its id, so both pages are re-rendered.
    """
    registry(app).parents.setdefault(record_type, []).append(parents)


def register_shown(app: Flask, record_type: str, shown_now: ShownNow) -> None:
    """Declare how to tell what pages show now of records of ``record_type``.

    For pages that call ``depends_on(..., shown=text)``: ``shown_now(keys)`` gets the keys
    such pages depend on (``organisation:42``, or a group such as
    ``organisation:group=academia``) and returns, for each still shown, the very text a
    page rendered now would pass as ``shown``. It runs in a request context of the export.
    Several features may declare one for the same record type (the facet pages and the
    A–Z index both show partners): each answers for the keys it knows and skips the rest.
    """
    registry(app).shown.setdefault(record_type, []).append(shown_now)


def shown_digests(app: Flask, keys: Iterable[str]) -> dict[str, str | None]:
    """For each key with a ``register_shown``, the digest of what it shows now (None when
    shown nowhere); keys of record types without one are left out."""
    declared = registry(app).shown
    by_type: dict[str, list[str]] = {}
    for key in keys:
        by_type.setdefault(key.partition(":")[0], []).append(key)
    digests: dict[str, str | None] = {}
    for record_type, of_type in by_type.items():
        if record_type not in declared:
            continue
        now: dict[str, str] = {}
        for shown_now in declared[record_type]:
            now.update(shown_now(sorted(of_type)))
        for key in of_type:
            text = now.get(key)
            digests[key] = None if text is None else shown_key(key, text).partition("|")[2]
    return digests


def with_parents(app: Flask, changes: set[str]) -> set[str]:
    """``changes`` (record keys) and the groups the changed records belong to now.

    Needs an application context: the parents are read from the database.
    """
    declared = registry(app).parents
    ids: dict[str, list[str]] = {}
    for key in changes:
        kind, _sep, record_id = key.partition(":")
        if kind in declared and record_id and record_id != "*" and "=" not in record_id:
            ids.setdefault(kind, []).append(record_id)
    expanded = set(changes)
    for kind, changed in ids.items():
        for parents in declared[kind]:
            expanded.update(group_key(kind, *parent) for parent in parents(sorted(changed)))
    return expanded


def public_endpoints(app: Flask) -> set[str]:
    """The endpoints declared public without a generator listing their URLs."""
    return {endpoint for source in registry(app).sources for endpoint in source.endpoints}


def register_live_only(app: Flask, *prefixes: str) -> None:
    """Public paths only the live site can serve (a form that posts, a link that works
    once): never exported, like the coordinators' side, in any language."""
    app.extensions.setdefault("export.live_only", set()).update(prefixes)


def is_private(path: str) -> bool:
    # startswith() first: it is asked of every public URL, and almost none is private.
    if path.startswith(NEVER_EXPORTED) and _under(path, NEVER_EXPORTED):
        return True
    live_only = tuple(current_app.extensions.get("export.live_only", ()))
    if not live_only:
        return False
    language = language_of_path(path)
    if language != default_language():
        path = path.removeprefix(f"/{language}")
    return path.startswith(live_only) and _under(path, live_only)


def _under(path: str, prefixes: tuple[str, ...]) -> bool:
    return any(path == prefix or path.startswith(prefix + "/") for prefix in prefixes)


def endpoint_for(path: str, adapter: MapAdapter | None = None) -> str | None:
    """The endpoint that serves GET ``path`` (below the script root), or None."""
    adapter = adapter or current_app.create_url_adapter(request)
    try:
        endpoint, _values = adapter.match(path, method="GET")
    except HTTPException:  # not found, or a redirect (to add a trailing slash, say)
        return None
    return endpoint


def site_path(url: str) -> tuple[str, str]:
    """Split a URL from ``url_for`` into its path below the script root and its query."""
    parts = urlsplit(url)
    return _below_root(unquote(parts.path), request.script_root), parts.query


def _below_root(path: str, root: str) -> str:
    if root and (path == root or path.startswith(root + "/")):
        path = path[len(root) :] or "/"
    return path


def iter_public_urls(app: Flask) -> Iterator[PublicUrl]:
    """Every URL the features declare, in registration order; needs a request context.

    A public page is declared once and listed in each enabled language, the default
    language's pages first, then those of each other language (``/fr/partners/``) in
    the same order; files (``/feed.xml``) have one URL for every language. The URLs of
    generators registered ``of_urls`` come last.
    """
    sources = registry(app).sources
    declared = [(source, item) for source in sources if not source.of_urls
                for item in source.generator()]  # fmt: skip
    prefixed = prefixed_endpoints(app)
    build_url = url_builder(app)  # url_for's URLs, built faster
    root = request.script_root
    languages = app.config["LANGUAGES"]
    by_language: list[list[PublicUrl]] = [[] for _language in languages]
    for source, item in declared:
        if isinstance(item, str):
            by_language[0].append(_public_url(item, None, source.status, root))
            continue
        endpoint, values = item
        if endpoint in prefixed:  # the default language's, whatever the current page's
            values = {**values, LANG_ARG: languages[0]}
        url = _public_url(build_url(endpoint, **values), endpoint, source.status, root)
        by_language[0].append(url)
        if endpoint not in prefixed:
            continue
        for index, language in enumerate(languages[1:], start=1):
            if url.problem:  # reported as url_for has it (an address on another site, say)
                localised = build_url(endpoint, **{**values, LANG_ARG: language})
                by_language[index].append(_public_url(localised, endpoint, source.status, root))
            else:  # the same page under the language's prefix, without building it again
                path = in_language(url.path, language)
                by_language[index].append(PublicUrl(path, endpoint, source.status))
    listed = [url for urls in by_language for url in urls]
    yield from listed
    for source in sources:
        if not source.of_urls:
            continue
        for item in source.generator(listed):
            if isinstance(item, str):
                yield _public_url(item, None, source.status, root)
            else:
                endpoint, values = item
                yield _public_url(build_url(endpoint, **values), endpoint, source.status, root)


def _public_url(url: str, endpoint: str | None, status: int, root: str) -> PublicUrl:
    """``url`` as ``site_path`` splits it (``root`` being the script root), with its
    problem if it cannot be exported."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return PublicUrl(url, endpoint, status, "is on another site")
    path, query = _below_root(unquote(parts.path), root), parts.query
    endpoint = endpoint or endpoint_for(path)
    problem = ""
    if query:
        # Frozen-Flask drops the query silently; a file cannot vary by query.
        problem = f"has a query string (?{query}): give the page a path of its own"
    elif is_private(path):
        problem = "is on the coordinators' side and is never exported"
    return PublicUrl(path, endpoint, status, problem)
