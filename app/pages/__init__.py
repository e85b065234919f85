"""Plain pages: about the partnership, how to join, privacy... at /pages/<slug>/."""

from flask import Blueprint, Flask

bp = Blueprint("pages", __name__)


def page_urls():
    from app.pages.services import published_pages

    for page in published_pages():
        yield "pages.page", {"slug": page.slug}


def init_app(app: Flask) -> None:
    from flask_babel import lazy_gettext as _l

    from app.export.registry import CountCheck
    from app.features import Feature, PublicUrls, SearchSource, register_feature
    from app.pages import footer, views  # noqa: F401
    from app.pages.first_step import PAGES_STEP
    from app.pages.kinds import PAGE_KIND
    from app.pages.search import page_entries
    from app.pages.services import published_page_count

    register_feature(
        app,
        Feature(
            "pages",
            bp,
            kinds=(PAGE_KIND,),
            public_urls=(PublicUrls(page_urls, endpoints=("pages.page",)),),
            count_checks=(CountCheck("published pages", "pages.page", published_page_count),),
            search=(SearchSource("page", _l("Page"), page_entries, shown_as="page"),),
            # Every public page's footer links the bundled pages once published.
            shown=((PAGE_KIND.record_type, footer.shown_now),),
            template_globals=(footer.footer_pages,),
            first_steps=(PAGES_STEP,),
        ),
    )
