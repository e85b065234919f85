"""Security that applies to every response and every deployment.

- headers: a strict Content-Security-Policy and the other response headers browsers obey;
- the reverse proxy in front, when there is one, so that the reader's address (which
  sign-in throttling counts) and HTTPS (which HSTS depends on) are seen as they are;
- ``flask check-deploy``, which refuses settings unsafe in production;
- query strings with NUL characters, refused (400) before any view reads them;
- crosssite: unsafe requests another site sent, refused (403) before anything else runs
  (registered by the factory ahead of the /manage sign-in check).
- the site's own address (siteaddress): a request for another host is refused, and
  absolute links are built from ``SITE_URL``, never from a Host header.
- request bodies without files limited to MAX_FORM_MEMORY_SIZE (limits).
"""

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from app.security import siteaddress
from app.security.headers import add_security_headers
from app.security.limits import sized
from app.security.query import refuse_nul_in_query


def init_app(app: Flask) -> None:
    # Inside the proxy middleware: the host it checks is the one the proxy forwarded.
    siteaddress.init_app(app)
    proxies = int(app.config["TRUSTED_PROXIES"])
    if proxies:
        # Trust X-Forwarded-For and -Proto from exactly this many proxies, no more:
        # a client can forge the headers, but not the ones our own proxy appends.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    app.request_class = sized(app.request_class)
    app.after_request(add_security_headers)
    app.before_request(refuse_nul_in_query)
