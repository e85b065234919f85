"""Who may keep a copy of a page: browsers and proxies may, for anonymous readers.

A public page read without signing in is the same for every such reader, so it is sent
with ``Cache-Control: public, max-age=PUBLIC_MAX_AGE`` and an ``ETag`` (a hash of the
body): within the max-age a second visit costs nothing, after it the browser asks again
with If-None-Match and an unchanged page answers 304 with no body.

Never cached, by anyone: what a signed-in person sees, the coordinators' and members'
areas, and a page that carries a CSRF token or a flashed message (both belong to one
reader's session) or that changed the session. Those get ``private, no-store``.
"""

from flask import Response, current_app, g, request, session
from flask.globals import request_ctx

from app.areas import SIGNED_IN_AREAS

# Areas that belong to one person, whatever the page says: /manage, signing in, and the
# members' area.
PRIVATE_AREAS = SIGNED_IN_AREAS
# Set in the environ of the requests the static export makes: it keeps the bodies and
# drops the headers, so a page's hash and dates would be computed for nothing.
EXPORT_REQUEST = "roundtable.export_request"


def _belongs_to_one_reader() -> bool:
    user = g.get("_login_user")
    if user is not None and user.is_authenticated:
        return True
    if request.path.startswith(PRIVATE_AREAS):
        return True
    # Flask-WTF keeps the token it put in the page in g; a flashed message waits in the
    # session until shown, or was shown in this page.
    if current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token") in g:
        return True
    if request_ctx.flashes or session.get("_flashes"):
        return True
    return bool(session.modified)


def set_cache_headers(response: Response) -> Response:
    """Mark ``response`` as cacheable by anyone, or by no one; a Cache-Control the view
    set already (feeds, downloads) and static files are left as they are."""
    if "Cache-Control" in response.headers or request.endpoint in (None, "static"):
        return response
    if request.environ.get(EXPORT_REQUEST):
        return response
    if _belongs_to_one_reader():
        response.headers["Cache-Control"] = "private, no-store"
        return response
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    if response.is_streamed or response.direct_passthrough:
        return response
    response.headers["Cache-Control"] = (
        f"public, max-age={int(current_app.config['PUBLIC_MAX_AGE'])}"
    )
    # A signed-in reader's copy is another page: a cache must not hand this one to them.
    response.vary.add("Cookie")
    response.add_etag()
    response.make_conditional(request)
    return response
