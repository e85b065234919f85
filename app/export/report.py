"""What an export run tells its caller: the command line, a test, the Publish button."""

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """Something that stops the export; ``url`` is the page (or check) concerned."""

    kind: str  # status, crash, broken-link, query-link, private, url, count, setup, search-index
    url: str
    message: str

    def __str__(self) -> str:
        return f"{self.url}: {self.message}"


@dataclass(frozen=True)
class Progress:
    """Passed to the progress callback; ``total`` grows as links lead to more pages."""

    # render, index, check, zip, swap, done; reindex: an update's pages are in place and
    # its search index is being rebuilt.
    phase: str
    done: int = 0
    total: int = 0
    url: str = ""


@dataclass
class ExportReport:
    out_dir: Path
    mode: str = "full"  # or "incremental": only the pages depending on changed records
    reason: str = ""  # why an incremental run had to be a full one
    pages: int = 0  # pages in the export
    files: int = 0  # files in the export, compressed copies not counted
    rendered: list[str] = field(default_factory=list)  # URLs rendered by this run
    written: int = 0  # files this run wrote, compressed copies included
    removed: list[str] = field(default_factory=list)  # URLs that are no longer exported
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # GET endpoints that no generator declares public and that are not private either:
    # a page a feature added without registering its URLs.
    unexported_endpoints: list[str] = field(default_factory=list)
    zip_path: Path | None = None
    seconds: float = 0.0
    # From the start until the new pages were in place: an update's search index follows.
    live_seconds: float = 0.0
    processes: int = 1  # that rendered the pages (see app.export.workers)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    def problem(self, kind: str, url: str, message: str) -> None:
        self.problems.append(Problem(kind, url, message))

    def summary(self) -> str:
        if not self.ok:
            return (
                f"Export failed with {len(self.problems)} problem(s); "
                f"nothing in {self.out_dir} was changed."
            )
        rate = len(self.rendered) / self.seconds if self.seconds else 0
        line = (
            f"Exported {self.pages} pages ({self.files} files) to {self.out_dir} "
            f"in {self.seconds:.2f} s: {len(self.rendered)} rendered ({rate:.0f} pages/s), "
            f"{self.written} files written"
        )
        if self.mode == "incremental":
            line += ", only the pages that depend on the changes"
            if self.live_seconds and self.seconds - self.live_seconds >= 0.5:
                line += (f" (in place after {self.live_seconds:.2f} s, then the search "
                         "index was rebuilt)")  # fmt: skip
        if self.removed:
            line += f", {len(self.removed)} removed"
        if self.zip_path:
            line += f"; offline bundle {self.zip_path}"
        return line + "."
