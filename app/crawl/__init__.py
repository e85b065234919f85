"""Files for crawlers and servers: sitemap.xml, robots.txt and the 404.html error document.

They are served live and exported like any public page. They have a package of their own
rather than living in the export because the live site needs them whether or not anyone
ever exports it; the export only declares them, as every feature declares its pages.
"""

from flask import Blueprint

from app.export import register_public_urls
from app.i18n import LANG_ARG, languages

bp = Blueprint("crawl", __name__)


def crawler_files():
    yield "crawl.sitemap", {}
    yield "crawl.robots", {}


def error_documents():
    """404.html, and one per other language (/fr/404.html) for servers to show under it."""
    yield "crawl.not_found", {}
    for code in languages()[1:]:
        yield "crawl.not_found", {LANG_ARG: code}


@bp.record_once
def declare_public_urls(state) -> None:
    register_public_urls(state.app, crawler_files)
    # Served with its 404 status live, exported all the same.
    register_public_urls(state.app, error_documents, status=404)


from app.crawl import views  # noqa: E402, F401
