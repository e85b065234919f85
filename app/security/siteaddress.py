"""The site's own address: the only Host a page's absolute links are built from.

Flask builds absolute URLs (hreflang and canonical links, feeds, the sitemap, robots.txt,
open data) from the request's Host header, which the client chooses. Two settings keep a
forged Host out of every page:

- ``TRUSTED_HOSTS`` (Flask's): a request naming any other host gets a 400 before a view
  runs. Unset, it is the host of ``SITE_URL``, or this machine's own names when that is
  empty too, so that ``flask run`` and the test client work on a fresh install.
- ``SITE_URL``: each request from a trusted host is then addressed to this one address,
  so links say it whichever trusted name (or port) a request used.
"""

from urllib.parse import urlsplit

from flask import Flask
from werkzeug.sansio.utils import host_is_trusted
from werkzeug.wsgi import get_host

# Werkzeug compares hosts without their port and cannot match an IPv6 address with one,
# so ::1 is left out: a browser on the same machine uses localhost or 127.0.0.1.
LOCAL_HOSTS = [".localhost", "127.0.0.1"]


def normalise_site_url(url: str) -> str:
    """'' or ``scheme://host[:port]`` with no path; raises ValueError for anything else."""
    if not url:
        return ""
    parts = urlsplit(url)
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.path.strip("/")
        or parts.query
        or parts.fragment
        or parts.username
    ):
        raise ValueError(f"SITE_URL must look like https://partnership.example.org: {url!r}")
    return f"{parts.scheme}://{parts.netloc.lower()}"


def configure_hosts(config) -> None:
    """Check ``SITE_URL`` and derive ``TRUSTED_HOSTS`` from it when it is not set."""
    config["SITE_URL"] = normalise_site_url(config["SITE_URL"])
    if config["TRUSTED_HOSTS"] is None:
        site = urlsplit(config["SITE_URL"]).hostname
        config["TRUSTED_HOSTS"] = [site] if site else list(LOCAL_HOSTS)
    export = urlsplit(config["EXPORT_BASE_URL"] or "").hostname
    if export:
        trust_host_of(config, export)


def trust_host_of(config, host: str) -> None:
    """Add ``host`` to the trusted ones (a new list: the default is shared)."""
    trusted = config["TRUSTED_HOSTS"]
    if trusted and not host_is_trusted(host, trusted):
        config["TRUSTED_HOSTS"] = [*trusted, host]


class SiteAddress:
    """WSGI middleware: a request from a trusted host is addressed to ``SITE_URL``.

    A request from any other host passes unchanged, for Flask to refuse (400).
    """

    def __init__(self, app: Flask, wsgi_app):
        parts = urlsplit(app.config["SITE_URL"])
        self.config = app.config
        self.wsgi_app = wsgi_app
        self.scheme, self.host = parts.scheme, parts.netloc

    def __call__(self, environ, start_response):
        if host_is_trusted(get_host(environ), self.config["TRUSTED_HOSTS"]):
            environ = {**environ, "HTTP_HOST": self.host, "wsgi.url_scheme": self.scheme}
        return self.wsgi_app(environ, start_response)


def init_app(app: Flask) -> None:
    """Address requests to ``SITE_URL``; call before any proxy middleware wraps the app."""
    if app.config["SITE_URL"]:
        app.wsgi_app = SiteAddress(app, app.wsgi_app)
