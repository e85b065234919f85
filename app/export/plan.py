"""Planning an export: which pages a run renders, and which linked pages it adds.

The first step of a run (see ``app.export.build``). A full run renders every page the
features declare (``register_public_urls``); an update renders the pages of the previous
export that depend on the changed records (``depends_on``), and the pages that are new.
Either way a page a rendered page links to is rendered too, when it is public (``Discovery``).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from werkzeug.routing import MapAdapter

from app.export.manifest import Manifest, PageEntry
from app.export.registry import PublicUrl, endpoint_for, is_private
from app.export.report import ExportReport
from app.export.state import record_key

# What the sitemap depends on: any change may add or remove a page (depends_on("*")).
EVERY_RECORD = record_key("*")


@dataclass(frozen=True)
class PlannedPage:
    """A page to render: its URL path, the status it must answer, and whether a feature
    declared it (``seed``: else a link led to it; ``None`` while not known yet)."""

    path: str
    status: int = 200
    seed: bool | None = True


class Impact:
    """Which pages a set of changes (record keys) affects.

    Keys look like ``organisation:42``. ``organisation:*`` on either side stands for every
    record of that kind, and a page that depends on ``*:*`` (the sitemap) is affected by any
    change. A key that names what the page shows of a record or group
    (``organisation:42|<digest>``, see ``depends_on(..., shown=...)``) is affected only when
    that record (for a group: any record of its kind) changed and ``shown`` gives another
    digest for it now.

    Each distinct dependency is judged once (``touched``), and a page is affected when it
    has one of those: the pages of a large site share most of theirs (the settings every
    page shows, the partner a page shows in four languages).
    """

    def __init__(self, changes: set[str], shown: Mapping[str, str | None] | None = None):
        self.changes = changes
        self.changed_kinds = {change.partition(":")[0] for change in changes}
        self.shown = shown

    def touched(self, dependencies: Iterable[str]) -> set[str]:
        """Those of ``dependencies`` that one of the changes touches."""
        return {dependency for dependency in dependencies if self._touches(dependency)}

    def _touches(self, dependency: str) -> bool:
        key, _bar, digest = dependency.partition("|")
        if digest:
            return needs_shown_check(key, self.changes, self.changed_kinds) and (
                self.shown is None or self.shown.get(key, "") != digest
            )
        kind, _sep, record = key.partition(":")
        return (
            kind == "*"
            or key in self.changes
            or f"{kind}:*" in self.changes
            or (record == "*" and kind in self.changed_kinds)
        )


def needs_shown_check(key: str, changes: set[str], changed_kinds: set[str]) -> bool:
    """Whether what a page shows of ``key`` (a record or a group) may have changed."""
    kind, _sep, record = key.partition(":")
    if kind not in changed_kinds:
        return False
    # A group's members change when any record of its kind is added, moved or removed.
    return "=" in record or key in changes or f"{kind}:*" in changes


@dataclass
class Touched:
    """The previous export's pages that an update's changes affect.

    ``again`` surely depend on the changes; ``maybe`` do if what they show of a record
    changed, which ``uncertain`` (those shown dependencies) tells once the records are read.
    """

    again: list[PlannedPage] = field(default_factory=list)
    maybe: list[PlannedPage] = field(default_factory=list)
    uncertain: set[str] = field(default_factory=set)


def touched_pages(previous: Manifest | None, changes: set[str] | None) -> Touched:
    """The pages of ``previous`` that depend on ``changes``, each planned as it answered
    then; nothing for a full run (``changes`` is None).

    Telling ``maybe`` pages apart needs ``shown_keys`` and the records: the ``again``
    ones can start rendering before.
    """
    if changes is None or previous is None:
        return Touched()
    touched = Impact(changes).touched(set(previous.dependencies))  # shown: all that may change
    surely = {dependency for dependency in touched if "|" not in dependency}
    found = Touched(uncertain=touched - surely)
    for path, entry in previous.pages.items():
        if touched.isdisjoint(entry.dependencies):
            continue
        page = PlannedPage(path, entry.status, entry.seed)
        (found.maybe if surely.isdisjoint(entry.dependencies) else found.again).append(page)
    return found


def shown_keys(changes: set[str], uncertain: set[str]) -> set[str]:
    """The records and groups whose shown text to ask for (``register_shown``)."""
    changed_kinds = {change.partition(":")[0] for change in changes}
    keys = set()
    for dependency in uncertain:
        key, bar, _digest = dependency.partition("|")
        if bar and needs_shown_check(key, changes, changed_kinds):
            keys.add(key)
    return keys


def shown_changed(
    previous: Manifest, changes: set[str], touched: Touched, shown: Mapping[str, str | None]
) -> list[PlannedPage]:
    """Those of the ``maybe`` pages whose shown records changed, ``shown`` being what
    those records show now."""
    dependencies = Impact(changes, shown).touched(touched.uncertain)
    pages = previous.pages
    return [page for page in touched.maybe
            if not dependencies.isdisjoint(pages[page.path].dependencies)]  # fmt: skip


def declared_pages(
    urls: Iterable[PublicUrl], report: ExportReport, public_endpoints: set[str]
) -> dict[str, PublicUrl]:
    """The declared public URLs by path, their endpoints added to ``public_endpoints``;
    one whose shape cannot be a file is reported."""
    seeds: dict[str, PublicUrl] = {}
    for url in urls:
        problem = url.problem or shape_problem(url.path)
        if problem:
            kind = "private" if is_private(url.path) else "url"
            report.problem(kind, url.path, f"registered as public, but {problem}")
            continue
        seeds.setdefault(url.path, url)
        if url.endpoint:
            public_endpoints.add(url.endpoint)
    return seeds


def plan_pages(
    seeds: dict[str, PublicUrl],
    previous: Manifest | None,
    again: list[PlannedPage] | None,
    other_languages: frozenset[str],
) -> list[PlannedPage]:
    """The pages to render now: every declared page in a full run (``again`` is None);
    in an update, the new ones and ``again``, as declared now."""
    if again is None or previous is None:
        return [PlannedPage(path, seeds[path].status) for path in
                languages_together(seeds, other_languages)]  # fmt: skip
    plan = [PlannedPage(path, url.status) for path, url in seeds.items()
            if path not in previous.pages]  # fmt: skip
    for page in again:
        seed = seeds.get(page.path)
        plan.append(PlannedPage(page.path, seed.status if seed else page.status, seed is not None))
    return plan


def language_of(path: str, other_languages: frozenset[str]) -> str:
    """The language of a page below a language prefix, or '' for the default one.

    As ``language_of_path`` says, without asking the app for its languages each time:
    the count check asks it of every page.
    """
    first = path.lstrip("/").partition("/")[0]
    return first if first in other_languages else ""


def languages_together(paths: Iterable[str], other_languages: frozenset[str]) -> list[str]:
    """``paths`` with each page's versions in the other languages right after it.

    The URLs come a language at a time; rendered in this order instead, a record's
    pages follow one another in one process, which works out what they share once
    (a partner's description, as Markdown, for its four pages).
    """
    pages: dict[str, list[str]] = {}
    for path in paths:
        language = language_of(path, other_languages)
        pages.setdefault(path[len(language) + 1 :] if language else path, []).append(path)
    return [path for versions in pages.values() for path in versions]


def previous_costs(
    previous: Mapping[str, PageEntry], plan: list[PlannedPage]
) -> tuple[list[float], list[str]]:
    """For each planned page, how long it took to render in the previous export (0 if
    it was not there) and its endpoint then (else its path): see ``workers.share_out``."""
    costs, groups = [], []
    for page in plan:
        entry = previous.get(page.path)
        costs.append(entry.seconds if entry else 0.0)
        groups.append(entry.endpoint if entry and entry.endpoint else page.path)
    return costs, groups


def startable(previous: Mapping[str, PageEntry], pages: list[PlannedPage]) -> list[PlannedPage]:
    """Those of an update's ``pages`` that may render before the URLs are listed: the
    ones that answered 200 last time and do not list every page (as the sitemap does)."""
    return [
        PlannedPage(page.path, 200, None)
        for page in pages
        if page.status == 200 and EVERY_RECORD not in previous[page.path].dependencies
    ]


def judge_early(
    early: list[PlannedPage],
    seeds: dict[str, PublicUrl],
    pages: dict[str, PageEntry],
    unexported: dict[str, str],
    report: ExportReport,
) -> None:
    """Judge the pages started before the URLs were listed as the plan would have: a
    page still declared must answer as declared, and one no longer declared goes when it
    no longer answers 200, as a page only links lead to."""
    for page in early:
        url = seeds.get(page.path)
        entry = pages.get(page.path)
        if entry is not None:
            entry.seed = url is not None
        if url is None:
            continue
        if entry is None and page.path in unexported:
            reason = unexported.pop(page.path)  # "answers 404"
            report.problem("status", page.path, f"{reason}, expected {url.status}")
        elif entry is not None and url.status != entry.status:
            report.problem("status", page.path, f"answers {entry.status}, expected {url.status}")


class Discovery:
    """Which pages that links lead to a run renders as well.

    ``queued``: the paths handed over for rendering; ``unexported``: a linked path with no
    page in the export, and why. ``public_endpoints`` and ``static_paths`` grow as the run
    lists its URLs and copies its static files. ``kept``: in an update, the previous
    export's pages, which stay unless nothing links to them any more.
    """

    def __init__(self, adapter: MapAdapter, kept: Mapping[str, PageEntry] | None = None):
        self.adapter = adapter
        self.kept = kept or {}
        self.queued: set[str] = set()
        self.unexported: dict[str, str] = {}
        self.public_endpoints: set[str] = set()
        self.static_paths: set[str] = set()

    def follow(self, path: str) -> PlannedPage | None:
        """The page to render for a link to ``path``, if it is public and not yet
        queued; else None, and ``unexported`` says why when no page is there."""
        if path in self.queued or path in self.static_paths or path in self.unexported:
            return None
        if path.startswith("/../"):
            self.unexported[path] = "is outside the site's base URL"
            return None
        if path in self.kept:
            return None
        if is_private(path):
            self.unexported[path] = "is on the coordinators' side and is never exported"
            return None
        endpoint = endpoint_for(path, self.adapter)
        if endpoint is None:
            self.unexported[path] = "is no page of this site"
        elif endpoint not in self.public_endpoints:
            self.unexported[path] = f"is not public (no registered URL is served by {endpoint})"
        else:
            self.queued.add(path)
            return PlannedPage(path, 200, False)
        return None


def shape_problem(path: str) -> str:
    """Why ``path`` cannot be a file of the export, or ''."""
    segments = path.split("/")
    if ".." in segments or "." in segments:
        return "its path is not plain"
    if not path.endswith("/") and "." not in segments[-1]:
        return "it is neither a folder (ending in /) nor a file with an extension"
    return ""
