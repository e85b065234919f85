"""Search in the static export: Pagefind indexes the exported pages into ``pagefind/``.

A static copy cannot ask the server, so ``flask freeze`` runs Pagefind (the binary the
``pagefind[bin]`` package ships) over the finished pages. It reads the text inside each
page's ``data-pagefind-body`` element (the main content, without the navigation) and
writes an index split into small files that the exported search page fetches as the
reader types, plus the interface's script and stylesheet. Nothing leaves the site.

A full export is indexed in its build folder, before the checks and the swap, so the
index is checked and swapped with the pages. An incremental update changes a few pages
of the export in place; the index is then rebuilt over the updated export beside it and
exchanged for the old one in one step.
"""

import json
import os
import shutil
import subprocess  # nosec B404: runs the Pagefind binary with fixed arguments, no shell
from dataclasses import dataclass
from pathlib import Path

from pagefind.service import get_executable

from app.export.files import compressed_copies, swap_into_place
from app.export.manifest import content_hash

FOLDER = "pagefind"
ENTRY = "pagefind-entry.json"
TIMEOUT_SECONDS = 600


class SearchIndexError(RuntimeError):
    """Pagefind could not index the export; the message says why and what to do."""


@dataclass(frozen=True)
class SearchIndex:
    files: dict[str, str]  # name below the site -> content hash, for the manifest
    written: int  # files that are new or changed since the previous index


def build_index(site: Path, output: Path | None = None, previous: Path | None = None):
    """Index the HTML pages in ``site`` into ``output`` (default ``site/pagefind``).

    A file identical to the one in ``previous`` (the index being replaced) becomes a hard
    link to it, as the export does with unchanged pages, so an unchanged site rewrites no
    file and rsync sees only what changed. Returns a ``SearchIndex``; raises
    ``SearchIndexError`` when Pagefind is missing or fails.
    """
    # PAGEFIND_BINARY_PATH, else the binary pagefind[bin] ships, else one on the PATH.
    binary = get_executable()
    if binary is None:
        raise SearchIndexError(
            "Pagefind is not installed: pip install 'pagefind[bin]', or set "
            "EXPORT_SEARCH_INDEX = False to export without search"
        )
    output = output or site / FOLDER
    command = [
        str(binary),
        "--site", str(site),
        "--output-path", str(output),
        # Results link to .../index.html, which also opens where a server lists folders.
        "--keep-index-url",
        "--silent",
    ]  # fmt: skip
    try:
        finished = subprocess.run(  # noqa: S603  # nosec B603: fixed arguments, no shell
            command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise SearchIndexError(f"Pagefind could not run: {error}") from error
    if finished.returncode != 0:
        detail = (finished.stderr or finished.stdout).strip().splitlines()[-3:]
        raise SearchIndexError(f"Pagefind failed ({finished.returncode}): {' '.join(detail)}")
    _sort_entry_languages(output / ENTRY)
    files, written = {}, 0
    for path in sorted(output.rglob("*")):
        if not path.is_file():
            continue
        name = path.relative_to(output).as_posix()
        data = path.read_bytes()
        files[f"{FOLDER}/{name}"] = content_hash(data)
        if not (previous and _link_if_same(previous / name, path, data)):
            written += 1
        # Its script and stylesheet (about 100 KB) go out compressed like every other
        # text file; Pagefind's own index files are compressed already.
        for suffix, copy in compressed_copies(name, data).items():
            sibling = path.with_name(path.name + suffix)
            if not (previous and _link_if_same(previous / f"{name}{suffix}", sibling, copy)):
                sibling.write_bytes(copy)
    return SearchIndex(files, written)


def _sort_entry_languages(entry: Path) -> None:
    """Write the index's entry file with its languages in a fixed order.

    Pagefind lists the languages of a multilingual site in whatever order its hash map
    gives, so the same pages could give another entry file on every run: a republish would
    rewrite it needlessly and two exports of one site would differ.
    """
    try:
        data = json.loads(entry.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return  # an index without an entry file is reported by the export's link check
    if isinstance(data.get("languages"), dict):
        data["languages"] = dict(sorted(data["languages"].items()))
    entry.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), "utf-8")


def _link_if_same(old: Path, new: Path, data: bytes) -> bool:
    """Replace ``new`` by a hard link to ``old`` if both hold ``data``; True if done."""
    try:
        if old.stat().st_size != len(data) or old.read_bytes() != data:
            return False
        staged = new.with_name(new.name + ".link")
        os.link(old, staged)
        os.replace(staged, new)
    except OSError:
        return False
    return True


def refresh_index(out: Path) -> SearchIndex:
    """Rebuild the index of the export in ``out`` beside it, then exchange the two."""
    staged = out.parent / f".{out.name}.{FOLDER}-new"
    shutil.rmtree(staged, ignore_errors=True)
    try:
        index = build_index(out, staged, previous=out / FOLDER)
        swap_into_place(staged, out / FOLDER)
    finally:
        shutil.rmtree(staged, ignore_errors=True)
    return index


def index_files(files: dict[str, str]) -> dict[str, str]:
    """The entries of a manifest's ``files`` that belong to the search index."""
    return {name: digest for name, digest in files.items() if name.startswith(FOLDER + "/")}
