"""Rendering a large export in several processes, all reading one snapshot of the records.

A page costs a few milliseconds of Python (Flask's request, Jinja, gettext) and then
compressing, so one process renders on one core however many the machine has; threads
would share one interpreter lock. A large export therefore forks worker processes once
the run's list of URLs is made (an update: once it knows which pages of the last export
change, and it lists the URLs while they render them): each renders slices of the plan
and writes their files (and compressed copies) itself, and hands back what the manifest
and the checks need (a ``PageEntry`` per page, the files' hashes, problems). The parent
follows the links they report, plans further pages, and runs the checks, the index and
the swap as before, so a page fails, is reported and stops the swap exactly as it does
in one process.

Which state of the records the workers read: the one the parent's transaction sees.
On SQLite they read a copy made with SQLite's backup API inside that transaction; on
PostgreSQL each worker imports the parent's snapshot (``pg_export_snapshot``).

Forking, a second connection and the per-run caches every process builds for itself
cost more than a small export saves, so exports under ``MIN_PAGES`` pages stay in one
process, unless they update an export whose timings say they take ``MIN_SECONDS`` or more:
after one partner's edit, the two data files listing every partner are as costly as all
the other pages together, so each process gets one share, the costliest pages shared
first (BENCHMARKS.md, "Export of a coalition", has the figures).
"""

import multiprocessing
import os
import re
import sqlite3
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from time import monotonic

import sqlalchemy as sa
from flask import Flask

from app.database import configure_sqlite
from app.export import collector
from app.export.plan import PlannedPage
from app.export.render import Batch, Renderer, RenderSettings
from app.export.report import Progress
from app.export.state import PAGES_PLANNED, PUBLIC_URLS
from app.export.write import Writer, WriteTarget
from app.extensions import db

# Below this many planned pages an export renders in one process (see the module's text).
MIN_PAGES = 1_000
# After an edit, fewer pages are shared out when they took this long in the last export.
MIN_SECONDS = 1.0
# What a page is taken to cost when the previous export did not time it.
TYPICAL_PAGE_SECONDS = 0.01
# How long copying the SQLite snapshot for the workers may wait for a lock, in seconds.
SNAPSHOT_WAIT_SECONDS = 30
# A worker that has used no CPU time for this long while tasks wait is stuck, not slow:
# a process forked while another thread of the parent was inside a C library's lock (a
# request reading SQLite holds its allocator's mutex for microseconds) waits for that lock
# forever. The run then fails, says so, and leaves the previous export in place, rather
# than keeping Publish busy for good.
STALL_SECONDS = 60
# How often the run looks at its workers while it waits for a task, in seconds.
STALL_CHECK_SECONDS = 5
# Pages a worker renders per task: large enough that handing tasks over costs little,
# small enough that both processes stay busy to the end and progress moves.
CHUNK = 100


class RenderProcessError(RuntimeError):
    """A worker process died or failed outside a page; the export cannot be trusted."""


def cpu_seconds_of(pid: int) -> float | None:
    """The CPU time process ``pid`` has used so far; None where /proc cannot say."""
    try:
        # The command name in parentheses may hold spaces: count the fields after it.
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def process_count(app: Flask, planned: int, seconds: float = 0.0) -> int:
    """How many processes render ``planned`` pages expected to take ``seconds``: the
    EXPORT_PROCESSES setting, or when it is 0, one per CPU core this process may use for
    ``MIN_PAGES`` pages or more, or ``MIN_SECONDS`` or more.

    One process when forking is unavailable or the database is neither SQLite nor
    PostgreSQL (no way to share one snapshot).
    """
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    if db.engine.dialect.name not in ("sqlite", "postgresql"):
        return 1
    wanted = int(app.config.get("EXPORT_PROCESSES") or 0)
    if wanted:
        return max(1, wanted)
    costly = planned >= MIN_PAGES or seconds >= MIN_SECONDS
    return len(os.sched_getaffinity(0)) if costly else 1


@dataclass
class Rendered:
    """What a worker hands back for one task: what its pages found and the files it
    wrote (see ``Writer``)."""

    batch: Batch
    files: dict[str, str] = field(default_factory=dict)
    written_files: list[str] = field(default_factory=list)
    written: int = 0


@dataclass(frozen=True)
class Work:
    """What the rendering processes of one run need, and where their results go.

    ``shared`` is the run's ``shared_by_run`` dictionary (a worker keeps only the values
    that are no records, see ``_start_worker``). The run's process calls ``merge`` with
    each task's results, in the run's application context; it returns the pages their
    links lead to that are still to render. ``progress`` is the run's callback.
    """

    settings: RenderSettings
    target: WriteTarget
    shared: dict
    merge: Callable[[Rendered], Iterable[PlannedPage]]
    progress: Callable[[Progress], None]


class RenderingProcesses:
    """Worker processes rendering the pages of one run, and following their links.

    Pages can be handed over in several batches until ``finish``: an update starts
    rendering the pages it knows must change while it lists every public URL, which
    takes a while on a large coalition. Close it (or use it as a context
    manager) whatever happens. No thread of the run's process may hold a lock when it
    is made (the writer threads must be idle): the workers are forked then.
    """

    def __init__(self, work: Work, processes: int):
        self.work = work
        self.processes = processes
        self.pending: set = set()
        self.queue: deque[PlannedPage] = deque()  # the pages links lead to, found as tasks end
        self.done = 0
        # The workers' CPU time when it last grew, and when (see ``_check_not_stuck``).
        self._cpu_seen: tuple[float, float] | None = None
        self._resources = ExitStack()
        try:
            scratch = self._resources.enter_context(
                tempfile.TemporaryDirectory(prefix="roundtable-export-")
            )
            snapshot = share_snapshot(Path(scratch))
            # Out of the cycle collector's sight in the workers: a collection there would
            # walk (and so copy, page by page) every object inherited from this process,
            # which holds the previous export's manifest, and every URL once listed.
            self._resources.enter_context(collector.frozen())
            self.pool = ProcessPoolExecutor(
                processes,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_start_worker,
                initargs=(work, snapshot),
            )
            self._resources.callback(self.pool.shutdown, wait=True, cancel_futures=True)
        except BaseException:
            self._resources.close()
            raise

    def __enter__(self) -> "RenderingProcesses":
        return self

    def __exit__(self, *_exc_info) -> None:
        self.close()

    def close(self) -> None:
        self._resources.close()

    def submit(
        self,
        plan: list[PlannedPage],
        costs: list[float] | None = None,
        groups: list[str] | None = None,
    ) -> None:
        """Hand ``plan`` over to the workers, shared out as ``share_out`` says."""
        with _failures_reported():
            for chunk in share_out(plan, self.processes, costs, groups):
                self.pending.add(self.pool.submit(render_chunk, chunk))

    def finish(self) -> None:
        """Wait for every page, merging each task's results as it ends and rendering the
        public pages their links lead to."""
        with _failures_reported():
            while self.queue or self.pending:
                while self.queue:
                    chunk = [self.queue.popleft() for _ in range(min(CHUNK, len(self.queue)))]
                    self.pending.add(self.pool.submit(render_chunk, chunk))
                finished, self.pending = wait(
                    self.pending, timeout=STALL_CHECK_SECONDS, return_when=FIRST_COMPLETED
                )
                if not finished:
                    self._check_not_stuck()
                    continue
                self._cpu_seen = None
                for future in finished:
                    rendered = future.result()
                    self.queue.extend(self.work.merge(rendered))
                    self.done += len(rendered.batch.rendered)
                waiting = len(self.queue) + CHUNK * len(self.pending)
                self.work.progress(Progress("render", self.done, self.done + waiting))

    def _check_not_stuck(self) -> None:
        """Stop the workers, and fail, when none has used any CPU time for ``STALL_SECONDS``.

        :raises RenderProcessError: they are stuck.
        """
        # The executor's own record of its processes: it has no public one.
        processes = list(getattr(self.pool, "_processes", {}).values())
        used = [cpu_seconds_of(process.pid) for process in processes]
        if not used or None in used:
            return  # nothing to go by: waiting is all that is left
        total, now = sum(used), monotonic()
        if self._cpu_seen is None or total > self._cpu_seen[0]:
            self._cpu_seen = (total, now)
            return
        if now - self._cpu_seen[1] < STALL_SECONDS:
            return
        for process in processes:
            process.kill()
        raise RenderProcessError(
            f"the rendering processes stopped working ({STALL_SECONDS} s without using the "
            "processor); publishing again starts new ones"
        )


@contextmanager
def _failures_reported() -> Iterator[None]:
    """Turn a worker's death or failure into ``RenderProcessError``."""
    try:
        yield
    except BrokenProcessPool as error:
        raise RenderProcessError(f"a rendering process died ({error})") from error
    except RenderProcessError:
        raise
    except Exception as error:
        raise RenderProcessError(f"a rendering process failed: {error!r}") from error


def share_out(
    plan: list[PlannedPage],
    processes: int,
    costs: list[float] | None,
    groups: list[str] | None = None,
) -> list[list[PlannedPage]]:
    """The tasks of ``plan``: slices of ``CHUNK`` pages in order, or for a plan of a few
    pages with known ``costs``, one task per process.

    Pages of one group (``groups``: the pages' endpoints) read the same records, as the
    two data files of the directory read every partner, which the first of them to be
    rendered in a process reads for both: they stay in one task, unless the group is
    both many pages and more than an even share (a hundred meeting pages). Then each
    task takes the costliest group or page left while it has the least to do, so a slow
    page runs beside many quick ones. A page the previous export did not time (cost 0)
    counts as a typical one.
    """
    if costs is None or len(plan) > CHUNK * processes:
        return [plan[start : start + CHUNK] for start in range(0, len(plan), CHUNK)]
    costs = [cost or TYPICAL_PAGE_SECONDS for cost in costs]
    even = sum(costs) / processes
    grouped: dict[str, list[tuple[float, PlannedPage]]] = {}
    for index, (cost, item) in enumerate(zip(costs, plan, strict=True)):
        grouped.setdefault(groups[index] if groups else item.path, []).append((cost, item))
    pieces: list[tuple[float, list]] = []
    for members in grouped.values():
        total = sum(cost for cost, _item in members)
        if total <= even or len(members) <= processes:
            pieces.append((total, [item for _cost, item in members]))
        else:
            pieces.extend((cost, [item]) for cost, item in members)
    shares: list[tuple[float, int, list]] = [(0.0, index, []) for index in range(processes)]
    for cost, items in sorted(pieces, key=lambda piece: -piece[0]):
        total, index, taken = min(shares)
        taken.extend(items)
        shares[index] = (total + cost, index, taken)
    return [items for _total, _index, items in shares if items]


# -- one snapshot for every process -----------------------------------------------------

_SNAPSHOT_ID = re.compile(r"[0-9A-Fa-f-]+")


def share_snapshot(scratch: Path) -> tuple[str, str]:
    """Make the state the run's transaction reads available to other processes.

    Returns ``("sqlite", path of a copy)`` or ``("postgresql", snapshot id)``.
    """
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        return "postgresql", connection.exec_driver_sql("SELECT pg_export_snapshot()").scalar()
    copy = scratch / "snapshot.sqlite3"
    target = sqlite3.connect(copy)
    deadline = monotonic() + SNAPSHOT_WAIT_SECONDS

    def give_up_when_locked(status: int, _remaining: int, _pages: int) -> None:
        # The backup retries a locked database forever; a Publish must end.
        if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) and monotonic() > deadline:
            raise RenderProcessError(
                "the database stayed locked, so the rendering processes had nothing to read"
            )

    try:
        # Inside the open read transaction, the backup copies the snapshot it reads.
        connection.connection.driver_connection.backup(target, progress=give_up_when_locked)
    finally:
        target.close()
    return "sqlite", str(copy)


def _read_snapshot(app: Flask, snapshot: tuple[str, str]) -> None:
    """In a fresh worker process: start the session's transaction on ``snapshot``."""
    kind, where = snapshot
    # The connections in the pool belong to the parent: forget them without closing.
    db.engine.dispose(close=False)
    if kind == "sqlite":
        engine = sa.create_engine(f"sqlite:///{where}")
        configure_sqlite(app, engine)
        # This process reads only the copy; the mapping is Flask-SQLAlchemy's own dict.
        db.engines[None] = engine  # type: ignore[index]
        return  # the first page begins a read transaction (as a GET request does)
    if not _SNAPSHOT_ID.fullmatch(where):
        raise RenderProcessError(f"unexpected snapshot id {where!r}")
    connection = db.session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    # Must be the transaction's first statement; it takes no bound parameter.
    connection.exec_driver_sql(f"SET TRANSACTION SNAPSHOT '{where}'")


# -- in a worker ------------------------------------------------------------------------

_worker: dict = {}  # this process's part of the run, set once


def _start_worker(work: Work, snapshot: tuple[str, str]) -> None:
    # Values of the run's cache may be records of the parent's session: start afresh.
    shared = {key: work.shared[key] for key in (PUBLIC_URLS, PAGES_PLANNED) if key in work.shared}
    context = work.settings.app.app_context()
    context.push()
    _read_snapshot(work.settings.app, snapshot)
    _worker.update(work=work, shared=shared, context=context)


def render_chunk(pages: list[PlannedPage]) -> Rendered:
    """Render ``pages`` in this worker, writing their files here; see ``Rendered``."""
    work: Work = _worker["work"]
    batch = Batch()
    # Written in this process, which has a core of its own.
    writer = Writer(work.target, timings=batch.timings, threads=False)
    renderer = Renderer(work.settings, _worker["shared"], _worker["context"], writer, batch)
    for page in pages:
        renderer.render(page)
    batch.query_links = dict(batch.query_links)
    batch.timings = dict(batch.timings)
    return Rendered(batch, writer.files, writer.written_files, writer.written)
