"""What a page being rendered for the export can ask: am I exported, and what do I show?

Both live in a context variable set around each page the export renders, so they work the
same in the command line, in a background thread and in tests, and cost one lookup when a
page is served live.
"""

import hashlib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from flask import g
from flask_babel import Domain


@dataclass
class PageRender:
    """One page being rendered for the export; ``base_url`` is '' when none was given.

    ``shared`` lives for the whole run (see ``shared_by_run``).
    """

    base_url: str = ""
    # The page's language when it is not the default one ("fr"), else "".
    language: str = ""
    dependencies: set[str] = field(default_factory=set)
    shared: dict[str, Any] = field(default_factory=dict)
    # What the features load at once for a run of many pages (register_bulk_loader).
    bulk_loaders: Mapping[str, Callable[[], Any]] = field(default_factory=dict)


# The key of the run's list of public URLs in ``shared_by_run``.
PUBLIC_URLS = "export.public_urls"
# The key of the number of pages the run renders, in the same dictionary.
PAGES_PLANNED = "export.pages_planned"
# A run that renders fewer pages than this reads the records of each page on their own.
FEW_PAGES = 100

_current: ContextVar[PageRender | None] = ContextVar("roundtable_export_page", default=None)


def is_exporting() -> bool:
    """True while the export renders a page: templates hide live-only interface then."""
    return _current.get() is not None


def export_base_url() -> str:
    """The address the export will be served from (``--base-url``), or '' if unknown."""
    page = _current.get()
    return page.base_url if page else ""


def record_key(record_type: str, record_id: object = None) -> str:
    """The key of one record (``partner:42``) or of a whole kind of record (``partner:*``)."""
    return f"{record_type}:{'*' if record_id is None else record_id}"


def group_key(record_type: str, parent_type: str, parent_id: object) -> str:
    """The key of the records of one parent: ``decision:meeting=5``, a meeting's decisions."""
    return f"{record_type}:{parent_type}={parent_id}"


def translation_key(record_type: str, language: str, record_id: object = None) -> str:
    """The key of a record's translation into ``language``, or of all the translations of
    a kind into it: ``translation:guideline-page@fr=5``, ``translation:partner@fr=*``."""
    return group_key("translation", f"{record_type}@{language}", "*" if record_id is None
                     else record_id)  # fmt: skip


def shown_key(key: str, shown: str) -> str:
    """A dependency on what a page shows of a record or group: ``organisation:42|<hash>``."""
    digest = hashlib.blake2b(shown.encode("utf-8"), digest_size=8).hexdigest()
    return f"{key}|{digest}"


def depends_on(
    record_type: str,
    record_id: object = None,
    *,
    of: tuple[str, object] | None = None,
    shown: str | None = None,
    translated: bool = True,
) -> None:
    """Note that the page being exported shows this record.

    A feature calls it wherever it reads a published record for a page, e.g.
    ``depends_on("partner", partner.id)``. Without an id the page depends on the whole kind
    (a list that changes when any partner is added, edited or removed); ``depends_on("*")``
    makes it depend on every record (the sitemap). After an edit, the
    export re-renders only the pages that depend on the changed records. Outside the
    export it does nothing.

    ``of=(parent_type, parent_id)`` is for a page that lists the records of one parent,
    such as a meeting's decisions: ``depends_on("decision", of=("meeting", 5))``. A change
    of any decision whose meeting is 5 then re-renders the page, a decision published
    after the page was exported too, provided the decisions' feature declared their
    parents with ``register_parents``; changes of other decisions leave it alone.

    ``shown`` is for a page that shows only a little of each record, such as a card in a
    list of hundreds: the text the page shows of the record (or, with ``of``, of the
    group: its members in order). The page then depends on that text rather than on every
    field: after a change, the export asks the feature what the page would show now (see
    ``register_shown``) and re-renders the page only when that differs. Without a
    ``register_shown`` for the record type, any change of that type re-renders it.

    A page in another language than the default also shows the records' translations into
    it, so it depends on those too: a French translation re-renders French pages only.
    ``translated=False`` is for a page that shows nothing a translation changes (an
    address, a label of the interface's own).
    """
    page = _current.get()
    if page is not None:
        key = group_key(record_type, *of) if of is not None else record_key(record_type, record_id)
        page.dependencies.add(key if shown is None else shown_key(key, shown))
        if translated and page.language and record_type != "*":
            translated = None if of is not None else record_id
            page.dependencies.add(translation_key(record_type, page.language, translated))


def _few(shared: dict[str, Any]) -> bool:
    """Whether the run renders a few pages, as after one edit: reading ten thousand
    partners for the four language versions of one partner page would take longer than
    the pages, so its pages read only the records they show."""
    return shared.get(PAGES_PLANNED, FEW_PAGES) < FEW_PAGES


def shared_by_run(key: str, load: Callable[[], Any]) -> Any:
    """``load()``, computed once per export run instead of once per page.

    All pages of a run read one state of the database, so a value every page needs (the
    site settings) is the same on each; outside the export this just calls ``load()``.
    The value must not depend on the page; record what a page reads with ``depends_on``
    when it reads it, not when the value is loaded.

    In a run of many pages, a loader registered for ``key`` with ``register_bulk_loader``
    gives the value instead of ``load``: it may hold more than the pages of a short run
    would need (every published record rather than none), which pays once pages need most.
    """
    page = _current.get()
    if page is None:
        return load()
    shared = page.shared
    if key not in shared:
        bulk = page.bulk_loaders.get(key)
        shared[key] = bulk() if bulk is not None and not _few(shared) else load()
    return shared[key]


@contextmanager
def rendering(
    base_url: str = "",
    shared: dict | None = None,
    language: str = "",
    bulk_loaders: Mapping[str, Callable[[], Any]] | None = None,
) -> Iterator[PageRender]:
    """Mark the code inside as rendering one page for the export; ``shared`` is the
    run's dictionary for ``shared_by_run``, ``language`` the page's if not the default,
    ``bulk_loaders`` the features' (see ``register_bulk_loader``)."""
    page = PageRender(
        base_url=base_url,
        language=language,
        shared=shared if shared is not None else {},
        bulk_loaders=bulk_loaders or {},
    )
    token = _current.set(page)
    try:
        yield page
    finally:
        _current.reset(token)


class RunTranslations(Domain):
    """Flask-Babel's message domain; a page the export renders takes its catalogue from the run.

    Flask-Babel finds the catalogue anew for each message: the request's context, its
    locale and the locale as text, three proxy lookups and some attribute tests, for the
    hundred or so messages of a page. An exported page's language is its URL's (its
    prefix, else the default; the coordinators' area, which follows the browser, is never
    exported), so one catalogue per language serves the whole run.
    """

    def get_translations(self):
        page = _current.get()
        if page is None:
            return self._request_translations()
        key = f"export.translations.{page.language}"
        if key not in page.shared:
            page.shared[key] = super().get_translations()
        return page.shared[key]

    def _request_translations(self):
        """A live request's catalogue, found once per request and locale rather than once
        per message: a register page asks for hundreds of messages. Flask-Babel keeps the
        request's locale in ``g._flask_babel``; ``force_locale`` puts another Locale
        there for a while, which finds its own catalogue."""
        state = getattr(g, "_flask_babel", None) if g else None
        locale = getattr(state, "babel_locale", None)
        found = getattr(state, "roundtable_catalogue", None)
        if locale is not None and found is not None and found[0] is locale:
            return found[1]
        translations = super().get_translations()
        state = getattr(g, "_flask_babel", None) if g else None
        if state is not None and getattr(state, "babel_locale", None) is not None:
            state.roundtable_catalogue = (state.babel_locale, translations)
        return translations
