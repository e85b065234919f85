"""The bundled pages in every public page's footer, once each is published.

Every page shows the footer, so what it costs counts: the links are read once per content
generation (app.pagecache.generation) on the live site, and once per run in the export,
where a page depends on the links it shows rather than on every page record, so that only
publishing, moving or unpublishing one of these pages renders the whole site again.
"""

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from app.editing.models import Status
from app.export.state import depends_on, group_key, shared_by_run
from app.extensions import db
from app.pagecache.generation import current_generation
from app.pages.bundled import BUNDLED, bundled_page_ids
from app.pages.models import Page

FOOTER = ("footer", "links")
# Short labels in the interface's language, whatever title each page was given.
LABELS = {
    "about": _l("About"),
    "accessibility": _l("Accessibility"),
    "privacy": _l("Privacy"),
}
MEMO = "pages.footer"


def footer_pages() -> list[tuple[str, str]]:
    """(label, URL) of each bundled page that is published, in the bundled order."""
    ids = bundled_page_ids()
    if not ids:
        # A site from before the bundled pages: its first export after the upgrade is a
        # full one (the templates changed), made after `flask setup` adds them.
        return []
    shown = shared_by_run(MEMO, lambda: _remembered(ids))
    # Even without links yet: the pages exported now gain them when one is published. The
    # labels are the interface's own, so no translation of a page changes the footer.
    depends_on(Page.record_type, of=FOOTER, shown=_shown_text(shown), translated=False)
    return [(str(LABELS[key]), url_for("pages.page", slug=slug)) for key, slug in shown]


def _remembered(ids: dict[str, int]) -> list[tuple[str, str]]:
    # Read before the query: a change committed meanwhile gives a new generation, so what
    # this reads is never kept under a generation newer than it.
    key = (current_generation(current_app), tuple(sorted(ids.items())))
    # One (key, links) pair, replaced whole: threads of one worker may read it at once.
    kept_key, kept = current_app.extensions.get(MEMO, (None, []))
    if kept_key == key:
        return kept
    try:
        found = published_links(ids)
    except SQLAlchemyError:
        # An error page after a failed query shows the footer too, without these links.
        db.session.rollback()
        current_app.logger.exception("Could not read the footer's pages")
        return []
    current_app.extensions[MEMO] = (key, found)
    return found


def published_links(ids: dict[str, int]) -> list[tuple[str, str]]:
    """(key, slug) of each bundled page that is published."""
    slugs = dict(
        db.session.execute(
            select(Page.id, Page.slug).where(
                Page.id.in_(list(ids.values())), Page.status == Status.PUBLISHED
            )
        ).all()
    )
    return [(page.key, slugs[ids[page.key]]) for page in BUNDLED
            if page.key in ids and ids[page.key] in slugs]  # fmt: skip


def _shown_text(links: list[tuple[str, str]]) -> str:
    return "\n".join(f"{key}\t{slug}" for key, slug in links)


def shown_now(keys: list[str]) -> dict[str, str]:
    """What the footer would show now (see ``app.export.registry.register_shown``)."""
    key = group_key(Page.record_type, *FOOTER)
    if key not in keys:
        return {}
    ids = bundled_page_ids()
    return {key: _shown_text(published_links(ids) if ids else [])}
