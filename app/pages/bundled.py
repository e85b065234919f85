"""The plain pages every coalition needs, bundled as drafts to adapt: about,
accessibility and privacy.

`flask setup` adds them once, as drafts, so nothing unfinished is public until a
coordinator has filled in the ``[FILL IN: ...]`` placeholders and published each page.
Which page is which is kept in the ``bundled_pages`` setting (key -> page id), so that a
second setup adds nothing, a page renamed or moved to another address keeps its place in
the footer, and a page the coalition deleted is not brought back.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from app.editing.models import RevisionKind
from app.editing.services import create_record
from app.extensions import db
from app.pages.models import Page
from app.site.models import Setting
from app.site.services import save_settings, site_settings

SETTING = "bundled_pages"
# What marks the text a coalition must replace with its own.
PLACEHOLDER = "[FILL IN"
TEXTS = Path(__file__).with_name("texts")


@dataclass(frozen=True)
class BundledPage:
    key: str
    title: str
    slug: str
    summary: str

    def values(self) -> dict[str, str]:
        body = (TEXTS / f"{self.key}.md").read_text(encoding="utf-8")
        return {"title": self.title, "slug": self.slug, "summary": self.summary, "body": body}


BUNDLED = (
    BundledPage("about", "About the partnership", "about",
                "Why the partnership exists, who takes part and how it works."),
    BundledPage("accessibility", "Accessibility statement", "accessibility",
                "How accessible this website is, and how to report a problem."),
    BundledPage("privacy", "Privacy notice", "privacy",
                "What personal data this website keeps, why, and for how long."),
)  # fmt: skip


def _parse(value: str | None) -> dict[str, int]:
    try:
        ids = json.loads(value or "{}")
    except ValueError:
        return {}
    return {key: int(page_id) for key, page_id in ids.items()} if isinstance(ids, dict) else {}


def bundled_page_ids() -> dict[str, int]:
    """Bundled page key -> id of the page that plays its part, as this request's settings
    say (no query of its own)."""
    # Read past SiteSettings.get, which would make every exported page depend on the
    # setting: only `flask setup` writes it, and it changes nothing the public sees until
    # a page it names is published, which the footer's own dependency covers.
    return _parse(dict.get(site_settings(), SETTING))


def add_bundled_pages() -> list[str]:
    """Add, as drafts, the bundled pages this site never had; returns their titles.

    A page already at a bundled page's address (a coalition's own "about") takes that
    page's part instead of a second one being made.
    """
    setting = db.session.get(Setting, SETTING)
    known = _parse(setting.value if setting else None)
    added = []
    for bundled in BUNDLED:
        if bundled.key in known:
            continue
        page = db.session.scalar(select(Page).where(Page.slug == bundled.slug))
        if page is None:
            page = create_record(
                Page, bundled.values(), None, "Bundled with Roundtable", RevisionKind.IMPORT
            )
            added.append(bundled.title)
        known[bundled.key] = page.id
    if setting is None or _parse(setting.value) != known:
        save_settings({SETTING: json.dumps(known, sort_keys=True)})
    return added
