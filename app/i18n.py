"""Which language a request is served in, and the language prefix of public URLs.

The enabled languages are ``LANGUAGES``, the first being the default. Every public page
(a GET rule whose path is a folder, outside the coordinators' area) answers at its path in
the default language and under ``/<code>/`` in each other enabled language:
``/guidelines/`` and ``/fr/guidelines/``. Both are one rule pair per endpoint, so views
never see the language: a URL value preprocessor takes it into ``g``, and a URL default
puts it back into every ``url_for`` of a public page, so links stay in the page's language
without any template knowing. Files (``/feed.xml``, uploads, static files) have one URL for
every language.

The coordinators' area speaks the language its signed-in user chose in their account, or
else the browser's (Accept-Language).
"""

import functools
from collections.abc import Callable

from babel import Locale
from flask import Flask, current_app, g, has_request_context, request, url_for
from flask_login import current_user
from werkzeug.routing import BaseConverter, BuildError, Rule

from app.areas import SIGNED_IN_AREAS

LANG_ARG = "lang"
RIGHT_TO_LEFT = {"ar", "fa", "he", "ur"}
# The coordinators' and members' areas (DESIGN.md): never prefixed, in the language the
# signed-in user chose or the browser asks for.
_UNPREFIXED = (*SIGNED_IN_AREAS, "/static")


def languages() -> list[str]:
    """The enabled languages, default first."""
    return list(current_app.config["LANGUAGES"])


def default_language() -> str:
    return languages()[0]


def current_language() -> str:
    """The language of the current page; the one Flask-Babel's locale selector uses.

    A public page's language is its URL's: the prefix, or the default language without
    one; a missing page under a prefix says so in that language. The coordinators' and
    members' areas (/manage, /login, /members) speak ``coordinators_language()``. Outside
    a request it is the default language.
    """
    if not has_request_context():
        return default_language()
    if "language" not in g:
        g.language = _language_of_request()
    return g.language


def select_locale() -> str:
    return current_language()


def _language_of_request() -> str:
    prefixed = language_of_path(request.path)
    if prefixed != default_language():
        return prefixed  # a prefixed page (or a missing one) speaks its prefix's language
    if any(request.path == p or request.path.startswith(p + "/") for p in SIGNED_IN_AREAS):
        return coordinators_language()
    # The rest of the public side (pages at the root, /feed.xml...) is the default language,
    # whatever the browser asks, so a URL always shows the same thing.
    return default_language()


def coordinators_language() -> str:
    """The signed-in user's chosen language if it is still enabled, else the best match
    of the browser's Accept-Language."""
    chosen = current_user.language if current_user.is_authenticated else None
    if chosen in languages():
        return chosen
    return request.accept_languages.best_match(languages()) or default_language()


def language_of_path(path: str) -> str:
    """The language a site path is in: its prefix if it is an enabled language's."""
    first = path.lstrip("/").partition("/")[0]
    return first if first in languages()[1:] else default_language()


def is_right_to_left(code: str) -> bool:
    return code.split("_")[0].split("-")[0] in RIGHT_TO_LEFT


# Every page's language switcher names each language: cached, since Babel's lookups
# would otherwise repeat on every page.
@functools.lru_cache(maxsize=256)
def language_name(code: str) -> str:
    """A language's name in that language ("français"), as a switcher shows it."""
    try:
        name = Locale.parse(code).get_display_name(code) or code
    except ValueError:
        return code
    return name[:1].upper() + name[1:]


def prefixed_endpoints(app: Flask | None = None) -> frozenset[str]:
    """The endpoints of public pages, which answer under every language's prefix."""
    app = app or current_app
    return app.extensions.get("roundtable.prefixed_endpoints", frozenset())


def is_public_page_rule(rule: Rule) -> bool:
    path = rule.rule
    return (
        "GET" in (rule.methods or ())
        and path.endswith("/")
        and not rule.endpoint.endswith("static")
        and not any(path == p or path.startswith(p + "/") for p in _UNPREFIXED)
        and LANG_ARG not in rule.arguments
    )


def localised_url(endpoint: str, language: str, **values) -> str:
    """``url_for`` in a given language, whatever the current page's language."""
    return url_for(endpoint, **values, **{LANG_ARG: language})


# Arguments of url_for itself rather than values of the URL (but for _external).
_URL_FOR_ARGUMENTS = frozenset({"_anchor", "_method", "_scheme"})


def url_builder(app: Flask) -> Callable[..., str]:
    """A ``url_for`` for building many URLs in the current request, as the export's list
    of every public page does: tens of thousands at a time.

    ``url_for`` finds the request's URL adapter, the current blueprint and the URL
    defaults again for each URL, which takes most of its time. This builds with one
    adapter and gives the language as ``_give_language`` does, so it returns what
    ``url_for`` would, byte for byte (``_external`` included). It calls ``url_for``
    itself when that could differ: while other URL defaults are registered, for an
    endpoint relative to the current blueprint, for ``url_for``'s other arguments
    (``_anchor``...), and when building fails (the app's build error handlers may answer,
    else url_for raises the same error).
    """
    adapter = app.create_url_adapter(request)
    prefixed = prefixed_endpoints(app)
    default = app.config["LANGUAGES"][0]
    url_defaults = {name: funcs for name, funcs in app.url_default_functions.items() if funcs}
    only_language = url_defaults == {None: [_give_language]}

    def build(endpoint: str, /, **values) -> str:
        if not only_language or endpoint[:1] == "." or not _URL_FOR_ARGUMENTS.isdisjoint(values):
            return url_for(endpoint, **values)
        given = values
        values = dict(values)
        external = bool(values.pop("_external", False))
        if endpoint in prefixed:  # as _give_language
            language = values.get(LANG_ARG) or current_language()
            if language == default:
                values.pop(LANG_ARG, None)
            else:
                values[LANG_ARG] = language
        try:
            return adapter.build(endpoint, values, force_external=external)
        except BuildError:
            return url_for(endpoint, **given)

    return build


def in_language(path: str, language: str) -> str:
    """A public page's path below the script root, as ``url_for`` builds it in the
    default language, in another enabled ``language``.

    Each public page's rule has a twin under ``/<language>`` (``add_language_prefixes``),
    so this is the path ``url_for`` builds with the language given, without building it
    again: the export lists every page in every language, tens of thousands of URLs.
    """
    return f"/{language}{path}"


def language_links() -> list[dict]:
    """The current page in each enabled language, for the switcher and hreflang links.

    ``url`` is the path the switcher links to; ``absolute_url`` the full address that
    search engines require in hreflang links. Empty unless the page is a public page and
    more than one language is enabled.
    """
    endpoint = request.endpoint
    if len(languages()) < 2 or endpoint not in prefixed_endpoints():
        return []
    current = current_language()
    values = dict(request.view_args or {})
    # url_for builds the full address from the request's scheme and host too; building
    # each URL once instead of twice saves a twentieth of rendering a partner's page.
    origin = request.host_url[:-1]
    links = []
    for code in languages():
        url = localised_url(endpoint, code, **values)
        links.append(
            {
                "code": code,
                "name": language_name(code),
                "url": url,
                "absolute_url": origin + url,
                "current": code == current,
            }
        )
    return links


def init_app(app: Flask) -> None:
    """Configure Flask-Babel's languages; call before Flask-Babel's ``init_app``."""
    enabled = [str(code) for code in app.config["LANGUAGES"]]
    if not enabled:
        raise ValueError("LANGUAGES must name at least one language")
    app.config["LANGUAGES"] = enabled
    app.config["BABEL_DEFAULT_LOCALE"] = enabled[0]
    app.url_map.converters["language"] = _converter(enabled[1:])
    app.url_value_preprocessor(_take_language)
    app.url_defaults(_give_language)


def add_language_prefixes(app: Flask) -> None:
    """Give every public page a rule under ``/<lang>/``; call once all blueprints are in."""
    if len(app.config["LANGUAGES"]) < 2:
        app.extensions["roundtable.prefixed_endpoints"] = frozenset()
        return
    endpoints = set()
    for rule in list(app.url_map.iter_rules()):
        if not is_public_page_rule(rule):
            continue
        endpoints.add(rule.endpoint)
        app.url_map.add(Rule(f"/<language:{LANG_ARG}>{rule.rule}", **rule.get_empty_kwargs()))
    app.extensions["roundtable.prefixed_endpoints"] = frozenset(endpoints)


def _converter(codes: list[str]) -> type[BaseConverter]:
    """A path segment that is one of ``codes``: any other prefix is no page (a 404)."""
    pattern = "|".join(sorted(codes)) or "(?!)"

    class LanguageConverter(BaseConverter):
        regex = f"(?:{pattern})"

    return LanguageConverter


def _take_language(endpoint: str | None, values: dict | None) -> None:
    if values and LANG_ARG in values:
        g.language = values.pop(LANG_ARG)


def _give_language(endpoint: str, values: dict) -> None:
    """Links to public pages stay in the current page's language unless told otherwise."""
    if endpoint not in prefixed_endpoints():
        return
    language = values.get(LANG_ARG) or current_language()
    if language == default_language():
        values.pop(LANG_ARG, None)
    else:
        values[LANG_ARG] = language
