"""Requests that change something are refused when another site sent them.

A browser says where a request started: ``Sec-Fetch-Site`` in every current browser,
``Origin`` on every unsafe request of older ones. A form on another site that posts here
is refused before any view, sign-in check or CSRF check runs, so that no request begun
elsewhere can change anything, not even after the victim signs in and clicks. Requests
with neither header (old browsers, scripts, the test client) fall through to the CSRF
token, as before.
"""

from flask import render_template, request
from flask_babel import gettext as _

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
# "same-site" is refused too: a sibling subdomain is another application, not this one.
REFUSED_FETCH_SITES = frozenset({"cross-site", "same-site"})


def own_origin() -> str:
    """This site's origin as a browser writes it: ``scheme://host[:port]``."""
    return f"{request.scheme}://{request.host}"


def is_cross_site() -> bool:
    """True if the browser says this request started on another site."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site.strip().lower() in REFUSED_FETCH_SITES
    origin = request.headers.get("Origin")
    # "null" (a sandboxed frame, a data: page) is no origin of ours either.
    return origin is not None and origin.strip().lower() != own_origin().lower()


def refuse_cross_site():
    """``before_request``: a friendly 403 for an unsafe request another site sent."""
    if request.method in SAFE_METHODS or not is_cross_site():
        return None
    page = render_template(
        "errors/error.html",
        code=403,
        title=_("This request came from another site"),
        explanation=_(
            "Another website tried to send this request to this site in your name, so it was "
            "refused and nothing was changed. If you meant to do this, open this site "
            "yourself and do it from its own pages."
        ),
    )
    return page, 403
