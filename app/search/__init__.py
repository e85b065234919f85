"""Site search at /search/, and the A–Z index of every public page at /search/all/.

Live, the search page searches the database; in the static export it carries Pagefind's
interface over the index ``flask freeze`` builds (``app/export/pagefind.py``), and links
to the A–Z index, which needs no JavaScript and works from files.
"""

from flask import Blueprint

from app.export import register_public_urls

bp = Blueprint("search", __name__)


def search_urls():
    yield "search.index", {}
    yield "search.everything", {}


@bp.record_once
def register(state) -> None:
    from app.search import a_z

    register_public_urls(state.app, search_urls)
    a_z.register(state.app)


from app.search import views  # noqa: E402, F401
