"""Response headers that tell the browser what this site may do, on every response."""

from flask import Response, current_app, g, request

from app.security.caching import set_cache_headers


def add_security_headers(response: Response) -> Response:
    """Set the security headers on ``response`` (static files and error pages included).

    A header the view has set already is left alone, so one page can loosen or tighten
    its own policy on purpose.
    """
    config = current_app.config
    headers = response.headers
    headers.setdefault("Content-Security-Policy", config["CONTENT_SECURITY_POLICY"])
    headers.setdefault("X-Content-Type-Options", "nosniff")
    # For browsers older than CSP's frame-ancestors.
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", config["REFERRER_POLICY"])
    headers.setdefault("Permissions-Policy", config["PERMISSIONS_POLICY"])
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if request.is_secure and config["HSTS_SECONDS"] > 0:
        value = f"max-age={int(config['HSTS_SECONDS'])}"
        if config["HSTS_INCLUDE_SUBDOMAINS"]:
            value += "; includeSubDomains"
        if config["HSTS_PRELOAD"]:
            value += "; preload"
        headers.setdefault("Strict-Transport-Security", value)
    # Looked up only if the request loaded its user already (a static file does not), so
    # that this check itself never reads the session and adds "Vary: Cookie".
    user = g.get("_login_user")
    if user is not None and user.is_authenticated and "Cache-Control" not in headers:
        # What a signed-in person sees may not be public: keep it out of every cache,
        # the browser's included, so it is not shown again after signing out.
        headers["Cache-Control"] = "no-store"
    # Anonymous readers' pages: public with a validator, or private (caching).
    return set_cache_headers(response)
