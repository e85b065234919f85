"""Site search at /search/, and the A–Z index of every public page at /search/all/.

Live, the search page searches the database; in the static export it carries Pagefind's
interface over the index ``flask freeze`` builds (``app/export/pagefind.py``), and links
to the A–Z index, which needs no JavaScript and works from files.
"""

from flask import Blueprint

from app.export import register_public_urls, register_shown

bp = Blueprint("search", __name__)


def search_urls():
    yield "search.index", {}
    yield "search.everything", {}


@bp.record_once
def register(state) -> None:
    from app.search.sources import partner_index_shown

    register_public_urls(state.app, search_urls)
    # The A–Z index shows partners' names alone: other edits leave its pages as they are.
    register_shown(state.app, "organisation", partner_index_shown)


from app.search import views  # noqa: E402, F401
