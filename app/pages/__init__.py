"""Plain pages: about the partnership, how to join, privacy... at /pages/<slug>/."""

from flask import Blueprint

from app.export.registry import register_count_check, register_public_urls

bp = Blueprint("pages", __name__)


def page_urls():
    from app.pages.services import published_pages

    for page in published_pages():
        yield "pages.page", {"slug": page.slug}


@bp.record_once
def declare_public_urls(state) -> None:
    from app.pages.services import published_page_count

    register_public_urls(state.app, page_urls, endpoints=["pages.page"])
    register_count_check(
        state.app, "published pages", endpoint="pages.page", expected=published_page_count
    )


from app.pages import views  # noqa: E402, F401
