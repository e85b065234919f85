"""Which requests are answered with a kept page, and which answers are kept.

Looked up: a GET or HEAD from a reader who sends neither a session nor a "remember me"
cookie, so whom nothing on the page can depend on. Kept: what such a request got when
``app.security.caching`` marked it ``public`` (a 200, nobody signed in, no CSRF token, no
flashed message, nothing from /manage or /members) and nothing set a cookie. A kept page
keeps its ETag, so a browser's If-None-Match still gets a 304.
"""

from flask import Flask, Response, current_app, g, request, request_finished

from app.export.state import is_exporting
from app.i18n import current_language
from app.pagecache.generation import current_generation
from app.pagecache.store import KeptPage, PageStore
from app.security.caching import PRIVATE_AREAS

# The headers htmx sends that choose between a page and its fragment (app/htmx.py).
HTMX_HEADERS = ("HX-Request", "HX-Boosted", "HX-History-Restore-Request")
# Computed again for each answer (add_security_headers sets HSTS only over HTTPS).
NOT_KEPT = frozenset({"content-length", "date", "set-cookie", "strict-transport-security"})


def store_of(app: Flask) -> PageStore:
    return app.extensions["pagecache"]


def _without_session() -> bool:
    if request.method not in ("GET", "HEAD") or request.path.startswith(PRIVATE_AREAS):
        return False
    if is_exporting():  # the export's pages differ from the live ones (no live-only parts)
        return False
    config = current_app.config
    session_cookies = (
        config["SESSION_COOKIE_NAME"],
        config.get("REMEMBER_COOKIE_NAME", "remember_token"),
    )
    return not any(name in request.cookies for name in session_cookies)


def page_key() -> tuple:
    """The page's language, its address with the query string, and whether htmx asked
    for a fragment. The address is whole (scheme, host, the prefix the site is mounted
    under): a link a page builds from the request stays right for whoever gets it."""
    fragment = tuple(request.headers.get(name, "") for name in HTMX_HEADERS)
    return (current_language(), request.root_url, request.full_path, *fragment)


def answer_from_store() -> Response | None:
    """``before_request``: the kept page, or None to render it (and maybe keep it)."""
    if not _without_session():
        return None
    # Read before rendering: a change saved meanwhile makes this page out of date.
    g.page_generation = generation = current_generation(current_app)
    page = store_of(current_app).get(generation, page_key())
    if page is None:
        return None
    g.page_from_store = True
    response = current_app.response_class(page.body, headers=list(page.headers))
    return response.make_conditional(request)


def keep_answer(app: Flask, response: Response, **_extra) -> None:
    """``request_finished``: keep ``response`` if every reader without a session may get it."""
    if g.get("page_from_store") or "page_generation" not in g:
        return
    if request.method != "GET" or response.status_code != 200:
        return
    if not response.headers.get("Cache-Control", "").startswith("public"):
        return
    if "Set-Cookie" in response.headers or response.is_streamed or response.direct_passthrough:
        return
    headers = tuple(
        (name, value) for name, value in response.headers.items() if name.lower() not in NOT_KEPT
    )
    page = KeptPage(response.get_data(), headers)
    store_of(app).put(g.page_generation, page_key(), page)


def init_app(app: Flask) -> None:
    # A kept page is no older than what a browser may show without asking (PUBLIC_MAX_AGE).
    config = app.config
    app.extensions["pagecache"] = PageStore(
        int(config["PAGE_CACHE_BYTES"]), max_seconds=float(config["PUBLIC_MAX_AGE"])
    )
    # After the security checks, which refuse a request before any page is looked up.
    app.before_request(answer_from_store)
    # Sent with the answer as it leaves: every after_request hook has run on it.
    request_finished.connect(keep_answer, app)
