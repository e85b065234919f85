"""Rendering the public site into a folder: plan, render, write, check.

Frozen-Flask's ``Freezer`` is where this started, and its ``walk_directory`` still lists
the static files; the loop is our own because each of its limits sits in that loop: it
drops query strings, stops at the first page that is not a 200, cannot write an error
document such as 404.html, and renders every page every time. Here every page is rendered
as a request of its own (a fresh ``g``) within one database snapshot for the whole run, and
a problem is noted and the run goes on, so one run reports every problem at once.

``ExportBuild.run`` puts the steps in order, each a module of its own:

1. ``plan``: the pages to render (all declared ones, or in an update those whose records
   changed and the new ones), as ``PlannedPage``s, and the linked pages found on the way;
2. ``render``: each page answered as a request, its links made relative (``Renderer``),
   in this process or, for many pages, in several (``workers``);
3. ``write``: each file written, or linked from the previous export when unchanged;
4. ``check``: what stays of the previous export, broken links, counts of records.
"""

from collections import deque
from datetime import UTC, datetime
from pathlib import Path
from time import perf_counter

from flask import Flask, current_app, request
from flask.ctx import AppContext

from app.export import check, pagefind, plan, workers
from app.export.loaders import bulk_loaders
from app.export.manifest import Manifest
from app.export.plan import Discovery, PlannedPage, Touched
from app.export.registry import (
    PublicUrl,
    iter_public_urls,
    public_endpoints,
    shown_digests,
    with_parents,
)
from app.export.render import Batch, Renderer, RenderSettings, copy_static
from app.export.report import ExportReport, Problem, Progress
from app.export.state import PAGES_PLANNED, PUBLIC_URLS
from app.export.write import Writer, WriteTarget
from app.extensions import db


class ExportBuild:
    """One run of the export into ``root``, an empty folder; see ``run``.

    After the run, ``written_files`` and ``removed_files`` say how to update the previous
    export with what ``root`` received.
    """

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
        progress=None,
    ):
        self.app = app
        self.report = report
        self.fingerprint = fingerprint
        self.previous = previous
        self.progress = progress or (lambda _progress: None)
        self.settings = RenderSettings.for_run(app, base_url, bulk_loaders(app))
        self.target = WriteTarget(
            root,
            previous.files if previous is not None else None,
            previous_dir,
            incremental=report.mode == "incremental" and previous is not None,
        )
        # What the pages rendered in this process find goes straight to the report.
        self.batch = Batch(rendered=report.rendered, problems=report.problems,
                           warnings=report.warnings)  # fmt: skip
        self.writer = Writer(self.target, timings=self.batch.timings)
        self.shared: dict = {}  # values computed once for the run: see shared_by_run
        self.pages, self.files = self.batch.pages, self.writer.files
        self.removed_files: list[str] = []
        self.discovery: Discovery | None = None  # from the start of the run
        self.renderer: Renderer | None = None  # idem
        self.rendering: workers.RenderingProcesses | None = None  # see _start_rendering

    @property
    def written_files(self) -> list[str]:
        return self.writer.written_files

    @property
    def _previous_pages(self) -> dict:
        return self.previous.pages if self.previous is not None else {}

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
                with self.app.test_request_context("/", base_url=self.settings.request_base):
                    read_one_snapshot()
                    if changes is not None:
                        changes = with_parents(self.app, changes)
                    self._begin(context)
                    pages, early, seeds = self._plan(changes)
                self._render_all(pages)
                plan.judge_early(early, seeds, self.pages, self.discovery.unexported, self.report)
                self.writer.wait()
                self.report.written += self.writer.written
                self._index_for_search()
            except workers.RenderProcessError as error:
                # Pages are missing, and which is unknown: checking them would bury this.
                problem = Problem("crash", "/", f"{error}; the previous export is left as it was")
                self.report.problems.insert(0, problem)
                return self._manifest()
            finally:
                if self.rendering is not None:
                    self.rendering.close()
                self.writer.close()
            started = perf_counter()
            self._check(seeds)
        endpoints = self.discovery.public_endpoints
        self.report.unexported_endpoints = check.unexported_endpoints(self.app, endpoints)
        self._time("check", started)
        return self._manifest()

    def _begin(self, context: AppContext) -> None:
        """Make the run's link follower and renderer, in the run's request context."""
        kept = self._previous_pages if self.target.incremental else None
        self.discovery = Discovery(current_app.create_url_adapter(request), kept)
        self.batch.unexported = self.discovery.unexported
        self.renderer = Renderer(self.settings, self.shared, context, self.writer, self.batch)

    def _time(self, phase: str, started: float) -> None:
        self.batch.timings[phase] += perf_counter() - started

    def _manifest(self) -> Manifest:
        self.report.pages = len(self.pages)
        self.report.files = len(self.files)
        self.report.timings = {name: round(value, 3) for name, value in self.batch.timings.items()}
        return Manifest(
            fingerprint=self.fingerprint,
            base_url=self.settings.base_url,
            built_at=datetime.now(UTC).isoformat(timespec="seconds"),
            pages=self.pages,
            files=self.files,
        )

    # -- plan ------------------------------------------------------------------------

    def _plan(
        self, changes: set[str] | None
    ) -> tuple[list[PlannedPage], list[PlannedPage], dict[str, PublicUrl]]:
        """The pages to render, those an update started rendering before the URLs were
        listed (see ``_start_rendering``), and the declared URLs by path."""
        started = perf_counter()
        touched = plan.touched_pages(self.previous, changes)
        self._time("plan", started)
        copy_static(self.renderer, self.discovery.public_endpoints, self.discovery.static_paths)
        early = self._start_rendering(touched)
        started = perf_counter()
        again = touched.again
        if touched.maybe:
            shown = self._shown_now(changes, touched.uncertain)
            shown_changed = plan.shown_changed(self.previous, changes, touched, shown)
            again = again + shown_changed
            if self.rendering is not None:
                early += self._render_early(shown_changed)
        self._time("plan", started)
        started = perf_counter()
        seeds = self._seeds()
        self._time("list urls", started)
        started = perf_counter()
        queued = self.discovery.queued
        waiting = None if changes is None else [page for page in again if page.path not in queued]
        pages = plan.plan_pages(seeds, self.previous, waiting, self.settings.other_languages)
        self.shared.setdefault(PAGES_PLANNED, len(pages))
        self._time("plan", started)
        return pages, early, seeds

    def _seeds(self) -> dict[str, PublicUrl]:
        """The declared public URLs by path (see ``plan.declared_pages``)."""
        self.discovery.public_endpoints.update(public_endpoints(self.app))
        # Listed as the pages will see the records (what they read once per run is read
        # once), and kept for the sitemap, which lists the same URLs.
        with self.settings.rendering(self.shared):
            urls = self.shared[PUBLIC_URLS] = list(iter_public_urls(self.app))
        return plan.declared_pages(urls, self.report, self.discovery.public_endpoints)

    def _shown_now(self, changes: set[str], uncertain: set[str]) -> dict[str, str | None]:
        """What the previous pages' ``shown`` dependencies that may have changed show now."""
        with self.settings.rendering(self.shared):
            return shown_digests(self.app, plan.shown_keys(changes, uncertain))

    def _start_rendering(self, touched: Touched) -> list[PlannedPage]:
        """Start rendering, in processes, the pages an update knows it must render again,
        before it asks what pages show now and lists every public URL; return those
        started ([] when the pages touched are not worth processes: see
        ``workers.process_count``).

        The list of URLs tells which pages are new, and whether a page is still declared
        (a partner unpublished since: its page answers 404 and goes); at 10,000 partners
        making it takes a quarter of a second, and asking the facet pages and the A–Z
        index what they show a fifth, which the processes spend rendering. A page starts
        as the one that answered 200 last time (error documents wait for the plan, as the
        sitemap does, which lists those URLs) and ``plan.judge_early`` judges it once the
        URLs are known.
        """
        if not touched.again and not touched.maybe:
            return []
        costs, _groups = plan.previous_costs(self._previous_pages, touched.again + touched.maybe)
        processes = workers.process_count(self.app, len(costs), sum(costs))
        if processes < 2:
            return []
        self.report.processes = processes
        self._start_processes(processes)
        return self._render_early(touched.again)

    def _render_early(self, pages: list[PlannedPage]) -> list[PlannedPage]:
        """Hand those of ``pages`` that may start before the URLs are listed to the
        processes started by ``_start_rendering``; return them."""
        early = plan.startable(self._previous_pages, pages)
        if early:
            # What the workers see (see shared_by_run), once they are forked.
            self.shared.setdefault(PAGES_PLANNED, len(early))
            self._submit(early)
        return early

    # -- render ----------------------------------------------------------------------

    def _render_all(self, pages: list[PlannedPage]) -> None:
        """Render the planned pages and the public pages their links lead to.

        A large plan, or a costly one, is rendered by several processes (see
        ``app.export.workers``).
        """
        if self.rendering is not None:  # started with the pages known to change
            if len(pages) >= workers.MIN_PAGES:
                self._submit(pages)
            else:
                # The new pages and the sitemap, which lists the URLs this process holds
                # and the processes, started before they were listed, do not.
                self._render_here(pages)
            self.rendering.finish()
            self.rendering.close()
            return
        # A full run's pages are many and alike: their number decides (MIN_PAGES).
        costs, _groups = plan.previous_costs(self._previous_pages, pages)
        expected = sum(costs) if self.target.incremental else 0.0
        processes = workers.process_count(self.app, len(pages), expected)
        self.report.processes = processes
        if processes < 2:
            self._render_here(pages)
            return
        self._start_processes(processes)
        self._submit(pages)
        self.rendering.finish()

    def _render_here(self, pages: list[PlannedPage]) -> None:
        """Render the planned pages and those their links lead to in this process."""
        queue = deque(pages)
        self.discovery.queued.update(page.path for page in pages)
        done = 0
        while queue:
            page = queue.popleft()
            self.progress(Progress("render", done, done + len(queue) + 1, page.path))
            rendered = self.renderer.render(page)
            done += 1
            if rendered is not None:
                queue.extend(self._follow(link.path for link in rendered.links))

    def _follow(self, paths) -> list[PlannedPage]:
        """The pages to render for links to ``paths`` (see ``Discovery.follow``)."""
        found = (self.discovery.follow(path) for path in paths)
        return [page for page in found if page is not None]

    def _start_processes(self, processes: int) -> None:
        self.writer.wait()  # no writer thread is busy (holding a lock) when they fork
        work = workers.Work(self.settings, self.target, self.shared, self._merge, self.progress)
        self.rendering = workers.RenderingProcesses(work, processes)

    def _submit(self, pages: list[PlannedPage]) -> None:
        """Hand ``pages`` to the rendering processes, costliest first as they cost last
        time (see ``workers.share_out``)."""
        self.discovery.queued.update(page.path for page in pages)
        costs, groups = plan.previous_costs(self._previous_pages, pages)
        self.rendering.submit(pages, costs, groups)

    def _merge(self, rendered: workers.Rendered) -> list[PlannedPage]:
        """Take a rendering process's results as if this process had rendered its pages;
        return the pages their links lead to that are still to render."""
        batch, mine = rendered.batch, self.batch
        self.writer.files.update(rendered.files)
        self.writer.written_files.extend(rendered.written_files)
        self.writer.written += rendered.written
        mine.rendered.extend(batch.rendered)
        mine.problems.extend(batch.problems)
        mine.warnings.extend(batch.warnings)
        mine.unexported.update(batch.unexported)
        for link, pages in batch.query_links.items():
            mine.query_links[link].extend(pages)
        for name, seconds in batch.timings.items():
            mine.timings[name] += seconds  # CPU of every process, summed
        mine.pages.update(batch.pages)
        return self._follow(link for entry in batch.pages.values() for link in entry.links)

    # -- search ----------------------------------------------------------------------

    def _index_for_search(self) -> None:
        """Index the finished pages with Pagefind (see ``app.export.pagefind``).

        An incremental run keeps the previous index's files here, for the link check;
        ``run_export`` rebuilds the index once the changed pages are in place.
        """
        if not self.app.config["EXPORT_SEARCH_INDEX"]:
            return
        if self.target.incremental:
            self.files.update(pagefind.index_files(self.previous.files))
            return
        started = perf_counter()
        self.progress(Progress("index", len(self.pages), len(self.pages)))
        previous_dir = self.target.previous_dir
        previous = previous_dir / pagefind.FOLDER if previous_dir else None
        try:
            index = pagefind.build_index(self.target.root, previous=previous)
            self.files.update(index.files)
            self.report.written += index.written
        except pagefind.SearchIndexError as error:
            self.report.problem("search-index", f"/{pagefind.FOLDER}/", str(error))
        self._time("search index", started)

    # -- check -----------------------------------------------------------------------

    def _check(self, seeds: dict[str, PublicUrl]) -> None:
        kept = check.keep_reachable(
            self.previous,
            self.pages,
            self.files,
            incremental=self.target.incremental,
            queued=self.discovery.queued,
            seeds=seeds,
            report=self.report,
        )
        self.pages, self.files, self.removed_files = kept.pages, kept.files, kept.removed_files
        self.progress(Progress("check", len(self.pages), len(self.pages)))
        checked = check.pages_to_check(self.pages, self.files, self.previous, self.report)
        unexported, query_links = self.discovery.unexported, self.batch.query_links
        check.check_links(checked, self.files, unexported, query_links, self.report)
        check.check_counts(self.app, self.pages, self.settings.language_of, self.report)


def read_one_snapshot() -> None:
    """Make the session's transaction see one snapshot of the database throughout.

    SQLite gives a read transaction one snapshot already; PostgreSQL's default (read
    committed) shows each statement the latest commits, so ask for repeatable read.
    """
    if db.engine.dialect.name == "postgresql":
        db.session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
