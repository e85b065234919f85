import math

from flask import Response, abort, current_app, render_template, request, url_for
from werkzeug.exceptions import NotFound

from app.crawl import bp
from app.errors import render_error
from app.export.registry import NEVER_EXPORTED, iter_public_urls
from app.export.state import PUBLIC_URLS, depends_on, export_base_url, is_exporting, shared_by_run
from app.i18n import LANG_ARG


def _absolute(path: str) -> str:
    """The address of a path below the site root, as crawlers need it.

    An export made without --base-url cannot know its address: it gives the path
    relative to the site root instead, and `flask freeze` says so.
    """
    if is_exporting() and not export_base_url():
        return path.lstrip("/") or "./"
    return request.url_root + path.lstrip("/")


def part_count(pages: int) -> int:
    """How many parts a sitemap of ``pages`` addresses has: 0 when one file holds them."""
    limit = current_app.config["SITEMAP_MAX_URLS"]
    return math.ceil(pages / limit) if pages > limit else 0


def _public_pages() -> list[str]:
    depends_on("*")  # any published change may add or remove a page
    # The export has listed the public URLs already: take its list.
    urls = shared_by_run(PUBLIC_URLS, lambda: list(iter_public_urls(current_app)))
    return [url.path for url in urls if url.is_page]


def _xml(template: str, **context) -> Response:
    return Response(render_template(template, **context), mimetype="application/xml")


@bp.route("/sitemap.xml")
def sitemap():
    pages = _public_pages()
    parts = part_count(len(pages))
    if not parts:
        return _xml("crawl/sitemap.xml", pages=[_absolute(page) for page in pages])
    root = request.script_root
    paths = [url_for("crawl.sitemap_part", number=n)[len(root) :] for n in range(1, parts + 1)]
    return _xml("crawl/sitemap_index.xml", parts=[_absolute(path) for path in paths])


@bp.route("/sitemaps/<int:number>.xml")
def sitemap_part(number: int):
    """One part of a sitemap too large for one file (see ``sitemap``)."""
    pages = _public_pages()
    if not 1 <= number <= part_count(len(pages)):
        abort(404)
    limit = current_app.config["SITEMAP_MAX_URLS"]
    chunk = pages[(number - 1) * limit : number * limit]
    return _xml("crawl/sitemap.xml", pages=[_absolute(page) for page in chunk])


@bp.route("/robots.txt")
def robots():
    lines = ["User-agent: *", "Allow: /"]
    root = request.script_root
    lines += [f"Disallow: {root}{prefix}" for prefix in NEVER_EXPORTED]
    if not (is_exporting() and not export_base_url()):
        lines.append(f"Sitemap: {_absolute(url_for('crawl.sitemap')[len(root) :])}")
    return Response("\n".join(lines) + "\n", mimetype="text/plain")


@bp.route("/404.html")
@bp.route(f"/<language:{LANG_ARG}>/404.html")
def not_found():
    """The page servers show for a missing address; answers 404 here too.

    ``/fr/404.html`` is the French one (the language comes from the prefix, as on any
    page), for a server to show for missing addresses under ``/fr/``.
    """
    return render_error(NotFound())
