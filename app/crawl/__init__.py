"""Files for crawlers and servers: sitemap.xml, robots.txt and the 404.html error document.

A sitemap may list at most 50,000 addresses (SITEMAP_MAX_URLS): a larger site's
/sitemap.xml is an index of parts, /sitemaps/1.xml and on, each listing that many.

They are served live and exported like any public page. They have a package of their own
rather than living in the export because the live site needs them whether or not anyone
ever exports it; the export only declares them, as every feature declares its pages.
"""

from flask import Blueprint, Flask

from app.i18n import LANG_ARG, languages

bp = Blueprint("crawl", __name__)


def crawler_files():
    yield "crawl.sitemap", {}
    yield "crawl.robots", {}


def sitemap_parts(urls):
    """The parts of the sitemap, when the public pages are too many for one file."""
    from app.crawl.views import part_count

    for number in range(1, part_count(sum(1 for url in urls if url.is_page)) + 1):
        yield "crawl.sitemap_part", {"number": number}


def error_documents():
    """404.html, and one per other language (/fr/404.html) for servers to show under it."""
    yield "crawl.not_found", {}
    for code in languages()[1:]:
        yield "crawl.not_found", {LANG_ARG: code}


def init_app(app: Flask) -> None:
    from app.crawl import views  # noqa: F401
    from app.features import Feature, PublicUrls, register_feature

    public_urls = (
        PublicUrls(crawler_files),
        PublicUrls(sitemap_parts, of_urls=True, endpoints=("crawl.sitemap_part",)),
        # Served with its 404 status live, exported all the same.
        PublicUrls(error_documents, status=404),
    )
    register_feature(app, Feature("crawl", bp, public_urls=public_urls))
