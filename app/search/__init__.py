"""Site search at /search/, and the A–Z index of every public page at /search/all/.

Live, the search page searches the database; in the static export it carries Pagefind's
interface over the index ``flask freeze`` builds (``app/export/pagefind.py``), and links
to the A–Z index, which needs no JavaScript and works from files.
"""

from flask import Blueprint, Flask

bp = Blueprint("search", __name__)


def search_urls():
    yield "search.index", {}
    yield "search.everything", {}


def init_app(app: Flask) -> None:
    from flask_babel import lazy_gettext as _l

    from app.features import Feature, Link, PublicUrls, each_feature, register_feature
    from app.search import (
        a_z,
        views,  # noqa: F401
    )

    register_feature(
        app,
        Feature(
            "search",
            bp,
            public_urls=(PublicUrls(search_urls),),
            navigation=Link("search.index", _l("Search")),
        ),
    )
    each_feature(app, a_z.declare_shown)
