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
    changed_files: int = 0  # new or changed files this run wrote, compressed copies not counted
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
        """The outcome in a coordinator's words: what was checked, what changed, where."""
        if not self.ok:
            return (
                f"Export failed with {len(self.problems)} problem(s); "
                f"nothing in {self.out_dir} was changed."
            )
        if self.mode == "incremental":
            checked = (f"Checked the {_count(len(self.rendered), 'page')} that depend on "
                       f"the changes (of {self.pages})")  # fmt: skip
        else:
            checked = f"Checked {_count(self.pages, 'page')}"
        line = (
            f"{checked}, wrote {_count(self.changed_files, 'changed file')} to "
            f"{self.out_dir} in {self.seconds:.1f} s"
        )
        if self.removed:
            line += f", removed {_count(len(self.removed), 'page')} no longer public"
        indexing = self.seconds - self.live_seconds
        if self.mode == "incremental" and self.live_seconds and indexing >= 0.5:
            line += f" (public after {self.live_seconds:.1f} s, then the search index was rebuilt)"
        if self.zip_path:
            # Here, not at the top: uploads' services import the export's registry.
            from app.uploads.services import human_size

            line += f"; offline copy {self.zip_path}"
            if self.zip_path.is_file():
                line += f" ({human_size(self.zip_path.stat().st_size)})"
        return line + "."


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")
