"""Writing the export: each rendered file goes into the build folder, unless it is unchanged.

The fourth step of a run, after planning and rendering a page (see ``app.export.build``):
a ``Writer`` takes the bytes of a file and its name in the export, and decides what to do
with them. Compressing and writing happen on writer threads in the run's own process, so
the disk works while the next page renders (zlib, Brotli and file system calls release the
GIL); a rendering process (``app.export.workers``) writes in its own thread instead.
"""

from collections import defaultdict, deque
from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from threading import Lock
from time import perf_counter

from app.export.files import link_file, write_file
from app.export.manifest import content_hash

# Rendered files waiting for the writer threads; bounds the memory a large export takes.
MAX_PENDING_WRITES = 256
WRITER_THREADS = 2


@dataclass(frozen=True)
class WriteTarget:
    """Where a run writes and what it may reuse.

    ``previous_files`` are the previous export's files and their hashes, and
    ``previous_dir`` the folder holding them; ``incremental`` when the run updates that
    export in place (``root`` then receives only the new or changed files).
    """

    root: Path
    previous_files: Mapping[str, str] | None = None
    previous_dir: Path | None = None
    incremental: bool = False


class Writer:
    """Puts files in the export and records them: ``files`` (name -> content hash),
    ``written_files`` (the names written to ``root``), ``written`` (files written,
    compressed copies included) and the time spent in ``timings["write"]``.

    With ``threads`` (the default) files are written on writer threads: call ``wait``
    before reading what was written, and ``close`` at the end.
    """

    def __init__(
        self,
        target: WriteTarget,
        *,
        files: dict[str, str] | None = None,
        timings: dict[str, float] | None = None,
        threads: bool = True,
    ):
        self.target = target
        self.files = files if files is not None else {}
        self.timings = timings if timings is not None else defaultdict(float)
        self.written_files: list[str] = []
        self.written = 0
        self._lock = Lock()
        self._pending: deque[tuple[str, Future]] = deque()
        self._pool = (
            ThreadPoolExecutor(max_workers=WRITER_THREADS, thread_name_prefix="export-writer")
            if threads
            else None
        )

    def emit(self, name: str, data: bytes) -> None:
        """Put a file in the export, unless the same file is already there.

        In a full run an unchanged file is hard-linked from the previous export (no
        compressing, and its date stays, which helps rsync); in an incremental run the
        file in place simply stays. Only new or changed files are written to ``root``.
        """
        digest = content_hash(data)
        self.files[name] = digest
        previous = self.target.previous_files
        unchanged = previous is not None and previous.get(name) == digest
        if unchanged and self.target.incremental:
            return
        source = self.target.previous_dir / name if unchanged else None
        if self._pool is None:
            self._record(name, self._place(name, data, source))
            return
        if len(self._pending) >= MAX_PENDING_WRITES:
            self.wait(MAX_PENDING_WRITES // 2)
        self._pending.append((name, self._pool.submit(self._place, name, data, source)))

    def wait(self, keep: int = 0) -> None:
        """Wait until at most ``keep`` writes are pending; their errors are raised here."""
        while len(self._pending) > keep:
            name, future = self._pending.popleft()
            self._record(name, future.result())

    def close(self) -> None:
        """Stop the writer threads, dropping the writes not started yet."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)

    def _place(self, name: str, data: bytes, previous: Path | None) -> int:
        """Link or write one file; the number of files written (0 when linked)."""
        started = perf_counter()
        root = self.target.root
        if previous is not None and link_file(previous, root / name):
            written = 0
        else:
            written = write_file(root / name, data)
        with self._lock:
            self.timings["write"] += perf_counter() - started  # summed over the threads
        return written

    def _record(self, name: str, written: int) -> None:
        if written:
            self.written += written
            self.written_files.append(name)
