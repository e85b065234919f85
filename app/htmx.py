"""One place that decides whether a request gets the whole page or just a fragment.

A page template includes its fragment (``{% include "partners/_results.html" %}``), so the
fragment's markup exists once. htmx asks for the fragment when it swaps part of a page;
boosted links and history restores replace the whole page, so they get the full page,
as does every request made without JavaScript.
"""

from flask import Response, make_response, render_template, request


def wants_fragment() -> bool:
    htmx = request.htmx
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def render_page(page: str, fragment: str, status: int = 200, **context) -> Response:
    """Render ``page``, or only ``fragment`` for an htmx partial request.

    Every answer varies on the headers that choose between them, so that caches (the
    browser's own too) never hand a fragment to a reader who asked for the page, or the
    reverse: a history restore also says HX-Request, and must get the whole page.
    """
    template = fragment if wants_fragment() else page
    response = make_response(render_template(template, **context), status)
    response.vary.update(("HX-Request", "HX-Boosted", "HX-History-Restore-Request"))
    return response
