"""Rendering the public site into a folder: the pages, the static files, and the checks.

Frozen-Flask's ``Freezer`` is where this started, and its ``walk_directory`` still lists
the static files; the loop is our own because each of its limits sits in that loop: it
drops query strings, stops at the first page that is not a 200, cannot write an error
document such as 404.html, and renders every page every time. Here every page is rendered
as a request of its own (a fresh ``g``) within one database snapshot for the whole run, and
a problem is noted and the run goes on, so one run reports every problem at once.
"""

from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from threading import Lock
from time import perf_counter
from urllib.parse import urlsplit

from flask import Flask, current_app, request, url_for
from flask.ctx import AppContext
from flask_frozen import walk_directory

from app.export import pagefind, workers
from app.export.files import link_file, write_file
from app.export.links import Link, Rewriter, Site, target_file
from app.export.manifest import Manifest, PageEntry, content_hash, links_text
from app.export.registry import (
    PublicUrl,
    endpoint_for,
    is_private,
    iter_public_urls,
    public_endpoints,
    registry,
    shown_digests,
    site_path,
    with_parents,
)
from app.export.report import ExportReport, Problem, Progress
from app.export.state import PAGES_PLANNED, PUBLIC_URLS, record_key, rendering
from app.extensions import db
from app.i18n import prefixed_endpoints
from app.security.siteaddress import trust_host_of

DEFAULT_BASE = "http://localhost/"
# What the sitemap depends on: any change may add or remove a page (depends_on("*")).
EVERY_RECORD = record_key("*")
# Rendered pages waiting for the writer threads; bounds the memory a large export takes.
MAX_PENDING_WRITES = 256


class Impact:
    """Which pages a set of changes (record keys) affects.

    Keys look like ``partner:42``. ``partner:*`` on either side stands for every record of
    that kind, and a page that depends on ``*:*`` (the sitemap) is affected by any change.
    A key that names what the page shows of a record or group (``partner:42|<digest>``,
    see ``depends_on(..., shown=...)``) is affected only when that record (for a group:
    any record of its kind) changed and ``shown`` gives another digest for it now.

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


class ExportBuild:
    """One run of the export into ``root``, an empty folder; see ``run``."""

    def __init__(
        self,
        app: Flask,
        root: Path,
        report: ExportReport,
        *,
        base_url: str = "",
        fingerprint: str = "",
        previous: Manifest | None = None,
        previous_dir: Path | None = None,
        progress: Callable[[Progress], None] | None = None,
    ):
        self.app = app
        self.root = root
        self.report = report
        self.base_url = base_url
        self.fingerprint = fingerprint
        self.request_base = base_url or DEFAULT_BASE
        # The export's requests are the app's own, made to the address it exports for.
        trust_host_of(app.config, urlsplit(self.request_base).hostname or "localhost")
        parts = urlsplit(self.request_base)
        self.site = Site(f"{parts.scheme}://{parts.netloc}", parts.path.rstrip("/"), bool(base_url))
        self.previous = previous
        self.previous_dir = previous_dir
        self.progress = progress or (lambda _progress: None)
        self.pages: dict[str, PageEntry] = {}
        self.files: dict[str, str] = {}
        self.static_paths: set[str] = set()
        self.public_endpoints: set[str] = set()
        self.unexported: dict[str, str] = {}  # a linked path -> why there is no page for it
        self.query_links: dict[str, list[str]] = defaultdict(list)
        self.writer = ThreadPoolExecutor(max_workers=2, thread_name_prefix="export-writer")
        self.pending: deque = deque()  # (file name, future) of writes not yet finished
        self.written_files: list[str] = []  # written to root by this run
        self.removed_files: list[str] = []  # of pages the previous export had, gone now
        self.timings: dict[str, float] = defaultdict(float)
        self.timings_lock = Lock()
        self.shared: dict = {}  # values computed once for the run: see shared_by_run
        self.shown: dict[str, str | None] = {}  # see _shown_now
        self.queued: set[str] = set()  # paths handed over for rendering
        self.rendering: workers.RenderingProcesses | None = None  # see _start_rendering
        self.other_languages = frozenset(app.config["LANGUAGES"][1:])

    def run(self, changes: set[str] | None = None) -> Manifest:
        """Render the export into ``root``; problems go to the report.

        With ``changes`` (an incremental run) only the pages that depend on them are
        rendered, and ``root`` receives only the files that changed: ``written_files``
        and ``removed_files`` say how to update the previous export. Otherwise ``root``
        receives the whole export.
        """
        # One application context for the whole run, so one database session and one
        # transaction: the URLs, the pages and the count checks all see a single state
        # of the records, and a page costs no connection checkout.
        with self.app.app_context() as context:
            try:
                # The run only reads, and from a GET request's context its transaction
                # begins as a reader (see configure_sqlite): on SQLite a write lock held
                # for the whole run would keep coordinators from saving, and the copy of
                # the snapshot for the workers cannot be made from a connection holding one.
                with self.app.test_request_context("/", base_url=self.request_base):
                    read_one_snapshot()
                    if changes is not None:
                        changes = with_parents(self.app, changes)
                    self.adapter = current_app.create_url_adapter(request)
                    started = perf_counter()
                    uncertain, again, maybe = self._touched_pages(changes)
                    self.timings["plan"] += perf_counter() - started
                    self._copy_static()
                    early = self._start_rendering(again, maybe)
                    started = perf_counter()
                    shown_changed = self._shown_changed(changes, uncertain, maybe)
                    again += shown_changed
                    if self.rendering is not None:
                        early += self._render_early(shown_changed)
                    self.timings["plan"] += perf_counter() - started
                    started = perf_counter()
                    seeds = self._seeds()
                    self.timings["list urls"] += perf_counter() - started
                    started = perf_counter()
                    plan = self._plan(seeds, changes, [item for item in again
                                                       if item[0] not in self.queued])  # fmt: skip
                    self.shared.setdefault(PAGES_PLANNED, len(plan))
                    self.timings["plan"] += perf_counter() - started
                self._render_all(plan, context)
                self._judge_early(early, seeds)
                self._wait_for_writes()
                self._index_for_search()
            except workers.RenderProcessError as error:
                # Pages are missing, and which is unknown: checking them would bury this.
                problem = Problem("crash", "/", f"{error}; the previous export is left as it was")
                self.report.problems.insert(0, problem)
                return self._manifest()
            finally:
                if self.rendering is not None:
                    self.rendering.close()
                if self.writer is not None:
                    self.writer.shutdown(cancel_futures=True)
            started = perf_counter()
            self._keep_reachable(seeds)
            self.progress(Progress("check", len(self.pages), len(self.pages)))
            self._check_links()
            self._check_counts()
        self._list_unexported_endpoints()
        self.timings["check"] += perf_counter() - started
        return self._manifest()

    def _manifest(self) -> Manifest:
        self.report.pages = len(self.pages)
        self.report.files = len(self.files)
        self.report.timings = {name: round(value, 3) for name, value in self.timings.items()}
        return Manifest(
            fingerprint=self.fingerprint,
            base_url=self.base_url,
            built_at=datetime.now(UTC).isoformat(timespec="seconds"),
            pages=self.pages,
            files=self.files,
        )

    # -- what to export --------------------------------------------------------------

    def _seeds(self) -> dict[str, PublicUrl]:
        seeds: dict[str, PublicUrl] = {}
        self.public_endpoints.update(public_endpoints(self.app))
        # Listed as the pages will see the records (what they read once per run is read
        # once), and kept for the sitemap, which lists the same URLs.
        with rendering(self.base_url, self.shared):
            urls = self.shared[PUBLIC_URLS] = list(iter_public_urls(self.app))
        for url in urls:
            problem = url.problem or _shape_problem(url.path)
            if problem:
                kind = "private" if is_private(url.path) else "url"
                self.report.problem(kind, url.path, f"registered as public, but {problem}")
                continue
            seeds.setdefault(url.path, url)
            if url.endpoint:
                self.public_endpoints.add(url.endpoint)
        return seeds

    def _touched_pages(self, changes: set[str] | None) -> tuple[set[str], list, list]:
        """The previous export's pages that depend on ``changes``: those that surely do,
        and those that do if what they show changed (``maybe``), each as (path, status it
        answered, seed then); first, the shown dependencies that may have changed.
        Nothing for a full run.

        Telling the second kind apart needs ``_shown_now``, which reads the records: the
        first can start rendering before (see ``_start_rendering``).
        """
        if changes is None or self.previous is None:
            return set(), [], []
        dependencies = set(self.previous.dependencies)
        touched = Impact(changes).touched(dependencies)  # shown ones: all that may have changed
        surely = {dependency for dependency in touched if "|" not in dependency}
        uncertain = touched - surely
        again, maybe = [], []
        for path, entry in self.previous.pages.items():
            if touched.isdisjoint(entry.dependencies):
                continue
            item = (path, entry.status, entry.seed)
            (maybe if surely.isdisjoint(entry.dependencies) else again).append(item)
        return uncertain, again, maybe

    def _shown_changed(
        self, changes: set[str] | None, uncertain: set[str], maybe: list[tuple]
    ) -> list[tuple]:
        """Those of the ``maybe`` pages whose shown records changed (see ``depends_on``);
        ``uncertain``: the shown dependencies that may have (``_touched_pages``)."""
        if not maybe:
            return []
        self.shown = self._shown_now(changes, uncertain)
        touched = Impact(changes, self.shown).touched(uncertain)
        pages = self.previous.pages
        return [item for item in maybe if not touched.isdisjoint(pages[item[0]].dependencies)]

    def _plan(
        self, seeds: dict[str, PublicUrl], changes: set[str] | None, again: list[tuple]
    ) -> list[tuple]:
        """(path, expected status, declared by a generator) for each page to render now:
        every declared page in a full run; in an update, the new ones and ``again``."""
        if changes is None or self.previous is None:
            return [(path, seeds[path].status, True) for path in self._languages_together(seeds)]
        plan = [(path, url.status, True) for path, url in seeds.items()
                if path not in self.previous.pages]  # fmt: skip
        for path, status, _seed in again:
            seed = seeds.get(path)
            plan.append((path, seed.status if seed else status, seed is not None))
        return plan

    def _languages_together(self, paths: Iterable[str]) -> list[str]:
        """``paths`` with each page's versions in the other languages right after it.

        The URLs come a language at a time; rendered in this order instead, a record's
        pages follow one another in one process, which works out what they share once
        (a partner's description, as Markdown, for its four pages).
        """
        pages: dict[str, list[str]] = {}
        for path in paths:
            language = self._language_of(path)
            pages.setdefault(path[len(language) + 1 :] if language else path, []).append(path)
        return [path for versions in pages.values() for path in versions]

    def _start_rendering(self, again: list[tuple], maybe: list[tuple]) -> list[tuple]:
        """Start rendering, in processes, the pages an update knows it must render again,
        before it asks what pages show now and lists every public URL; return those
        started ([] when the pages ``again`` and ``maybe`` are not worth processes: see
        ``workers.process_count``).

        The list of URLs tells which pages are new, and whether a page is still declared
        (a partner unpublished since: its page answers 404 and goes); on a large coalition
        making it, and asking the facet pages and the A–Z index what they show, take long
        enough for the processes to spend rendering. A page starts
        as the one that answered 200 last time (error documents wait for the plan, as the
        sitemap does, which lists those URLs) and ``_judge_early`` judges it once the
        URLs are known.
        """
        if not again and not maybe:
            return []
        costs, _groups = self._previous_costs(again + maybe)
        processes = workers.process_count(self.app, len(costs), sum(costs))
        if processes < 2:
            return []
        self.report.processes = processes
        self.rendering = workers.RenderingProcesses(self, processes)
        return self._render_early(again)

    def _render_early(self, items: list[tuple]) -> list[tuple]:
        """Hand those of ``items`` that may start before the URLs are listed to the
        processes started by ``_start_rendering``; return them."""
        previous = self.previous.pages
        early = [(path, status, None) for path, status, _seed in items
                 if status == 200 and EVERY_RECORD not in previous[path].dependencies]  # fmt: skip
        if early:
            # What the workers see (renders_few_pages), once they are forked.
            self.shared.setdefault(PAGES_PLANNED, len(early))
            costs, groups = self._previous_costs(early)
            self.rendering.submit(early, costs, groups)
        return early

    def _judge_early(self, early: list[tuple], seeds: dict[str, PublicUrl]) -> None:
        """Judge the pages ``_start_rendering`` started as the plan would have: a page
        still declared must answer as declared, and one no longer declared goes when it
        no longer answers 200, as a page only links lead to."""
        for path, _status, _seed in early:
            url = seeds.get(path)
            entry = self.pages.get(path)
            if entry is not None:
                entry.seed = url is not None
            if url is None:
                continue
            if entry is None and path in self.unexported:
                reason = self.unexported.pop(path)  # "answers 404"
                self.report.problem("status", path, f"{reason}, expected {url.status}")
            elif entry is not None and url.status != entry.status:
                problem = f"answers {entry.status}, expected {url.status}"
                self.report.problem("status", path, problem)

    def _shown_now(self, changes: set[str] | None, dependencies: set[str]) -> dict[str, str | None]:
        """What the previous pages' ``shown`` dependencies that may have changed show now."""
        if changes is None or self.previous is None:
            return {}
        changed_kinds = {change.partition(":")[0] for change in changes}
        keys = set()
        for dependency in dependencies:
            key, bar, _digest = dependency.partition("|")
            if bar and needs_shown_check(key, changes, changed_kinds):
                keys.add(key)
        with rendering(self.base_url, self.shared):
            return shown_digests(self.app, keys)

    # -- static files ----------------------------------------------------------------

    def _copy_static(self) -> None:
        started = perf_counter()
        for rule in self.app.url_map.iter_rules():
            if rule.endpoint != "static" and not rule.endpoint.endswith(".static"):
                continue
            owner = self.app
            if rule.endpoint != "static":
                owner = self.app.blueprints[rule.endpoint.rpartition(".")[0]]
            folder = owner.static_folder
            if not folder or not Path(folder).is_dir():
                continue
            self.public_endpoints.add(rule.endpoint)
            for filename in walk_directory(folder):
                if any(part.startswith(".") for part in filename.split("/")):
                    continue
                path, _query = site_path(url_for(rule.endpoint, filename=filename))
                data = (Path(folder) / filename).read_bytes()
                if path.endswith(".css"):
                    data, _links = self._rewrite(path, data, "text/css", from_root=False)
                self.static_paths.add(path)
                self._emit(target_file(path), data)
        self.timings["static"] += perf_counter() - started

    # -- pages -----------------------------------------------------------------------

    def _render_all(self, plan: list[tuple], context: AppContext) -> None:
        """Render the planned pages and the public pages their links lead to.

        Each page gets a fresh ``g``, as each request does live, so nothing a page keeps
        there (the anonymous user, a record it looked up) carries over to the next.
        A large plan, or a costly one, is rendered by several processes (see
        ``app.export.workers``).
        """
        costs, groups = self._previous_costs(plan)
        if self.rendering is not None:  # started with the pages known to change
            if len(plan) >= workers.MIN_PAGES:
                self.rendering.submit(plan, costs, groups)
            else:
                # The new pages and the sitemap, which lists the URLs this process holds
                # and the processes, started before they were listed, do not.
                self._render_here(plan, context)
            self.rendering.finish()
            self.rendering.close()
            return
        # A full run's pages are many and alike: their number decides (MIN_PAGES).
        expected = sum(costs) if self._incremental else 0.0
        processes = workers.process_count(self.app, len(plan), expected)
        self.report.processes = processes
        if processes > 1:
            workers.render_in_processes(self, plan, processes, costs, groups)
            return
        self._render_here(plan, context)

    def _render_here(self, plan: list[tuple], context: AppContext) -> None:
        """Render the planned pages and those their links lead to in this process."""
        queue = deque(plan)
        self.queued.update(path for path, _status, _seed in plan)
        done = 0
        while queue:
            path, status, seed = queue.popleft()
            self.progress(Progress("render", done, done + len(queue) + 1, path))
            context.g = self.app.app_ctx_globals_class()
            self._render_one(path, status, seed, queue)
            done += 1
            self.report.rendered.append(path)

    def _previous_costs(self, plan: list[tuple]) -> tuple[list[float], list[str]]:
        """For each planned page, how long it took to render in the previous export (0 if
        it was not there) and its endpoint then (else its path): see ``share_out``."""
        previous = self.previous.pages if self.previous else {}
        costs, groups = [], []
        for path, _status, _seed in plan:
            entry = previous.get(path)
            costs.append(entry.seconds if entry else 0.0)
            groups.append(entry.endpoint if entry and entry.endpoint else path)
        return costs, groups

    def _render_one(self, path: str, expected: int, seed: bool, queue: deque | None) -> None:
        started = perf_counter()
        with (
            rendering(self.base_url, self.shared, self._language_of(path)) as state,
            self.app.test_request_context(path, base_url=self.request_base),
        ):
            try:
                response = self.app.full_dispatch_request()
                # A file sent with send_file (an attachment) streams from disk; read it.
                response.direct_passthrough = False
                body = response.get_data()
                status, mimetype = response.status_code, response.mimetype
                endpoint = request.url_rule.endpoint if request.url_rule else None
                response.close()
            except Exception as error:  # reported, and the run goes on
                self.app.logger.exception("Export: %s crashed", path)
                db.session.rollback()  # a failed statement would fail every later page
                self.report.problem("crash", path, f"crashed: {error!r}")
                return
        seconds = perf_counter() - started
        self.timings["render"] += seconds
        if status != expected:
            if seed:
                self.report.problem("status", path, f"answers {status}, expected {expected}")
            else:
                self.unexported[path] = f"answers {status}"
            return
        if path.endswith("/") and mimetype != "text/html":
            self.report.problem("url", path, f"is a folder URL but answers {mimetype}")
            return
        body, links = self._rewrite(path, body, mimetype, from_root=status != 200)
        self._emit(target_file(path), body)
        self.pages[path] = PageEntry(
            file=target_file(path),
            endpoint=endpoint,
            status=status,
            dependencies=sorted(state.dependencies),
            links_text=links_text({link.path for link in links}),
            seed=seed,
            seconds=round(seconds, 4),
        )
        for link in links:
            if link.query and link.path.endswith("/"):
                self.query_links[f"{link.path}?{link.query}"].append(path)
            if queue is not None:  # a worker process leaves following links to the parent
                self._discover(link.path, queue)

    def _rewrite(
        self, path: str, data: bytes, mimetype: str, *, from_root: bool
    ) -> tuple[bytes, list[Link]]:
        """Make the links of an HTML or CSS file relative; return it and its links."""
        if mimetype not in ("text/html", "text/css"):
            return data, []
        started = perf_counter()
        rewriter = Rewriter(self.site, path, from_root=from_root)
        text = data.decode("utf-8")
        text = rewriter.html(text) if mimetype == "text/html" else rewriter.css(text)
        for url in rewriter.external_loads:
            self.report.warnings.append(f"{path} loads {url} from another site")
        self.timings["rewrite"] += perf_counter() - started
        return text.encode("utf-8"), rewriter.links

    def _discover(self, path: str, queue: deque) -> None:
        """Queue a linked page when it is public and not exported yet."""
        if path in self.queued or path in self.static_paths or path in self.unexported:
            return
        if path.startswith("/../"):
            self.unexported[path] = "is outside the site's base URL"
            return
        if self.previous and path in self.previous.pages and self._incremental:
            return  # kept from the previous export unless nothing links to it any more
        if is_private(path):
            self.unexported[path] = "is on the coordinators' side and is never exported"
            return
        endpoint = endpoint_for(path, self.adapter)
        if endpoint is None:
            self.unexported[path] = "is no page of this site"
        elif endpoint not in self.public_endpoints:
            self.unexported[path] = f"is not public (no registered URL is served by {endpoint})"
        else:
            self.queued.add(path)
            queue.append((path, 200, False))

    def _language_of(self, path: str) -> str:
        """The language of a page below a language prefix, or '' for the default one.

        As ``language_of_path`` says, without asking the app for its languages each time:
        the count check asks it of every page.
        """
        first = path.lstrip("/").partition("/")[0]
        return first if first in self.other_languages else ""

    @property
    def _incremental(self) -> bool:
        return self.report.mode == "incremental"

    def _keep_reachable(self, seeds: dict[str, PublicUrl]) -> None:
        """Keep the previous export's pages that are still declared or linked to.

        In a full run every page was rendered and this only lists what disappeared.
        """
        previous = self.previous.pages if self.previous else {}
        if self._incremental:
            reachable = None if self._no_link_lost(seeds) else self._reachable(seeds, previous)
            # Re-rendered and gone now (they answered 404), or no longer reached.
            gone = {path for path in self.queued if path in previous} - self.pages.keys()
            if reachable is not None:
                gone.update(previous.keys() - reachable - self.pages.keys())
            # The previous pages and files, with this run's over them: copying the dicts
            # whole is much cheaper than taking tens of thousands of pages one by one.
            pages, files = dict(previous), dict(self.previous.files)
            pages.update(self.pages)
            files.update(self.files)
            for path in gone:
                del pages[path]
                files.pop(previous[path].file, None)
            self.pages, self.files = pages, files
        self.report.removed = sorted(previous.keys() - self.pages.keys())
        self.removed_files = [previous[path].file for path in self.report.removed]

    def _no_link_lost(self, seeds: dict[str, PublicUrl]) -> bool:
        """Whether every page the previous export held is surely still reachable.

        It is when every page declared then is declared now and no page rendered in this
        run lost a link it had: the usual edit, which spares walking every page's links.
        """
        previous = self.previous.pages
        for path, entry in self.pages.items():
            before = previous.get(path)
            if before is None or before.links_text == entry.links_text:
                continue
            if not set(before.links) <= set(entry.links):
                return False
        if any(path in self.queued for path in previous.keys() - self.pages.keys()):
            return False  # a page rendered again answered 404 this time
        return all(path in seeds for path, entry in previous.items() if entry.seed)

    def _reachable(self, seeds: dict[str, PublicUrl], previous: dict[str, PageEntry]) -> set:
        """The pages reached from the declared ones through links, old pages or new."""
        known = dict(previous)
        known.update(self.pages)
        seen = set()
        pending = [path for path in seeds if path in known]
        while pending:
            path = pending.pop()
            if path in seen:
                continue
            seen.add(path)
            pending.extend(link for link in known[path].links if link in known)
        return seen

    def _emit(self, name: str, data: bytes) -> None:
        """Put a file in the export, unless the same file is already there.

        In a full run an unchanged file is hard-linked from the previous export (no
        compressing, and its date stays, which helps rsync); in an incremental run the
        file in place simply stays. Only new or changed files are written to ``root``.

        Compressing and writing happen on the writer threads, so the disk works while
        the next page renders (zlib, Brotli and file system calls release the GIL).
        """
        digest = content_hash(data)
        self.files[name] = digest
        unchanged = self.previous is not None and self.previous.files.get(name) == digest
        if unchanged and self._incremental:
            return
        source = self.previous_dir / name if unchanged else None
        if self.writer is None:  # in a worker process, which has a core of its own
            self._record_written(name, self._place(name, data, source))
            return
        if len(self.pending) >= MAX_PENDING_WRITES:
            self._wait_for_writes(MAX_PENDING_WRITES // 2)
        self.pending.append((name, self.writer.submit(self._place, name, data, source)))

    def _place(self, name: str, data: bytes, previous: Path | None) -> int:
        """Link or write one file; the number of files written (0 when linked)."""
        started = perf_counter()
        if previous is not None and link_file(previous, self.root / name):
            written = 0
        else:
            written = write_file(self.root / name, data)
        with self.timings_lock:
            self.timings["write"] += perf_counter() - started  # summed over the threads
        return written

    def _wait_for_writes(self, keep: int = 0) -> None:
        """Wait until at most ``keep`` writes are pending; errors are raised here."""
        while len(self.pending) > keep:
            name, future = self.pending.popleft()
            self._record_written(name, future.result())

    def _record_written(self, name: str, written: int) -> None:
        if written:
            self.report.written += written
            self.written_files.append(name)

    # -- search -------------------------------------------------------------------

    def _index_for_search(self) -> None:
        """Index the finished pages with Pagefind (see ``app.export.pagefind``).

        An incremental run keeps the previous index's files here, for the link check;
        ``run_export`` rebuilds the index once the changed pages are in place.
        """
        if not self.app.config["EXPORT_SEARCH_INDEX"]:
            return
        if self._incremental:
            self.files.update(pagefind.index_files(self.previous.files))
            return
        started = perf_counter()
        self.progress(Progress("index", len(self.pages), len(self.pages)))
        previous = self.previous_dir / pagefind.FOLDER if self.previous_dir else None
        try:
            index = pagefind.build_index(self.root, previous=previous)
            self.files.update(index.files)
            self.report.written += index.written
        except pagefind.SearchIndexError as error:
            self.report.problem("search-index", f"/{pagefind.FOLDER}/", str(error))
        self.timings["search index"] += perf_counter() - started

    # -- checks ----------------------------------------------------------------------

    def _check_links(self) -> None:
        """Every internal link and asset of every page must be a file of the export.

        An incremental run checks only the pages it rendered, unless a file of the
        previous export is gone: the other pages passed this check then, against files
        that are all still there.
        """
        checked = self.pages
        if self._incremental and self.previous.files.keys() <= self.files.keys():
            rendered = set(self.report.rendered)
            checked = {path: entry for path, entry in checked.items() if path in rendered}
        broken: dict[str, list[str]] = defaultdict(list)
        for path, entry in checked.items():
            for link in entry.links:
                if target_file(link) not in self.files:
                    broken[link].append(path)
        for link, pages in sorted(broken.items()):
            reason = self.unexported.get(link, "is not in the export")
            self.report.problem("broken-link", link, f"{reason}; {_linked_from(pages)}")
        for link, pages in sorted(self.query_links.items()):
            self.report.problem(
                "query-link",
                link,
                "a static copy cannot answer a query string: link to a page with a path "
                f"of its own, or hide the link when exporting; {_linked_from(pages)}",
            )

    def _check_counts(self) -> None:
        """Each language has a page of every published record (one language for files)."""
        exported: dict[tuple[str, str | None], int] = defaultdict(int)
        for path, entry in self.pages.items():
            exported[self._language_of(path), entry.endpoint] += 1
        prefixed = prefixed_endpoints(self.app)
        for check in registry(self.app).count_checks:
            expected = check.expected()
            languages = self.app.config["LANGUAGES"][1:] if check.endpoint in prefixed else []
            for language in ["", *languages]:
                found = exported[language, check.endpoint]
                if found != expected:
                    where = f" in /{language}/" if language else ""
                    self.report.problem(
                        "count",
                        check.name,
                        f"{expected} published, but {found} pages of "
                        f"{check.endpoint} exported{where}",
                    )

    def _list_unexported_endpoints(self) -> None:
        unexported = set()
        for rule in self.app.url_map.iter_rules():
            if "GET" not in (rule.methods or ()) or rule.endpoint in self.public_endpoints:
                continue
            if not is_private(rule.rule.split("<")[0].rstrip("/") or "/"):
                unexported.add(rule.endpoint)
        self.report.unexported_endpoints = sorted(unexported)


def read_one_snapshot() -> None:
    """Make the session's transaction see one snapshot of the database throughout.

    SQLite gives a read transaction one snapshot already; PostgreSQL's default (read
    committed) shows each statement the latest commits, so ask for repeatable read.
    """
    if db.engine.dialect.name == "postgresql":
        db.session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


def _shape_problem(path: str) -> str:
    segments = path.split("/")
    if ".." in segments or "." in segments:
        return "its path is not plain"
    if not path.endswith("/") and "." not in segments[-1]:
        return "it is neither a folder (ending in /) nor a file with an extension"
    return ""


def _linked_from(pages: list[str]) -> str:
    shown = ", ".join(pages[:3])
    more = f" and {len(pages) - 3} more" if len(pages) > 3 else ""
    return f"linked from {shown}{more}"
