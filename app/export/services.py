"""``run_export``: the one entry point of the export, for the command line and the Publish
button alike."""

import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from time import perf_counter
from urllib.parse import urlsplit

from flask import Flask, current_app

from app.export import collector, pagefind
from app.export.build import ExportBuild
from app.export.files import (
    JOURNAL_NAME,
    build_folder,
    end_update,
    export_lock,
    is_export_folder,
    swap_into_place,
    update_in_place,
    write_zip,
)
from app.export.manifest import fingerprint, load_manifest, save_manifest
from app.export.report import ExportReport, Progress
from app.export.state import record_key

Change = tuple[str, object]


def normalise_base_url(base_url: str | None) -> str:
    """'' or an absolute http(s) URL ending in '/'; raises ValueError for anything else."""
    if not base_url:
        return ""
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ValueError(f"the base URL must look like https://example.org/path/: {base_url!r}")
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}/"


def run_export(
    out_dir: str | Path | None = None,
    *,
    zip_path: str | Path | None = None,
    base_url: str | None = None,
    changes: Iterable[Change] | None = None,
    progress: Callable[[Progress], None] | None = None,
    app: Flask | None = None,
) -> ExportReport:
    """Export the public site into ``out_dir`` (default: the EXPORT_FOLDER setting).

    The export is built in a folder beside ``out_dir``, checked (every internal link and
    asset resolves to a file, every count check holds, every page answered as expected),
    and only then swapped into place; when any check fails the previous export stays as it
    was and the returned report lists every problem. ``zip_path`` also writes the offline
    bundle. ``base_url`` is where the export will be served (absolute addresses in the
    sitemap and robots.txt, and the links of 404.html).

    ``changes``, as ``[("setting", "about"), ("partner", 42)]``, re-renders only the pages
    that depend on those records and keeps the others from the previous export; a full
    export runs instead when there is no previous export or the code, templates, static
    files or base URL changed since. ``progress`` is called after each page (throttle in
    the callback if it is costly).

    Raises ValueError for a malformed ``base_url``; every other failure is in the report.
    """
    app = app or current_app._get_current_object()
    started = perf_counter()
    base = normalise_base_url(base_url)
    out = Path(out_dir or app.config["EXPORT_FOLDER"]).resolve()
    report = ExportReport(out_dir=out)
    notify = progress or (lambda _progress: None)
    with export_lock(out) as locked:
        if not locked:
            report.problem("setup", str(out), "another export into this folder is running")
        elif not is_export_folder(out):
            report.problem(
                "setup",
                str(out),
                "exists and is not an export made by Roundtable: choose a new or empty folder",
            )
        else:
            _export(app, out, base, changes, notify, report, zip_path, started)
    report.seconds = perf_counter() - started
    notify(Progress("done", report.pages, report.pages))
    return report


def _export(app, out, base, changes, notify, report: ExportReport, zip_path, started) -> None:
    reading = perf_counter()
    previous = load_manifest(out) if out.exists() else None
    manifest_seconds = perf_counter() - reading
    # Out of the collector's sight while the run makes its own objects (see collector).
    with collector.frozen():
        current = fingerprint(app, base)
        wanted = None if changes is None else {record_key(kind, key) for kind, key in changes}
        interrupted = previous is not None and (out / JOURNAL_NAME).exists()
        if wanted is not None:
            if previous is None:
                report.reason = "there is no previous export to update"
            elif interrupted:
                report.reason = "the last update of the export was interrupted"
            elif previous.fingerprint != current:
                report.reason = "the code, templates, static files or base URL changed"
            else:
                report.mode = "incremental"
        if not base:
            report.warnings.append(
                "no --base-url: sitemap.xml lists addresses relative to the site root, "
                "robots.txt names no sitemap, and 404.html links work from the top folder only"
            )
        if interrupted:
            # Pages of that update may be in place while the manifest still describes the
            # ones before them: its hashes cannot say which files are unchanged and may be
            # linked into the new export, so every file is written anew.
            previous = None
        root = build_folder(out)
        try:
            build = ExportBuild(
                app,
                root,
                report,
                base_url=base,
                fingerprint=current,
                previous=previous,
                previous_dir=out,
                progress=notify,
            )
            manifest = build.run(wanted if report.mode == "incremental" else None)
            report.changed_files = len(build.written_files)
            if not report.ok:
                return
            if report.mode == "incremental":
                notify(Progress("swap", report.pages, report.pages))
                # The journal written here stays until the manifest describes the new files:
                # readers get the pages first, and the manifest (tens of megabytes on a large
                # site) is written once, after the search index.
                update_in_place(root, out, build.written_files, build.removed_files)
                report.live_seconds = perf_counter() - started
                indexed = True
                if app.config["EXPORT_SEARCH_INDEX"]:
                    notify(Progress("reindex", report.pages, report.pages))
                    indexing = perf_counter()
                    indexed = _refresh_search_index(out, manifest, report)
                    report.timings["search index"] = round(perf_counter() - indexing, 3)
                _save_manifest(out, manifest, report, manifest_seconds)
                if indexed:
                    end_update(out)
                if zip_path:
                    notify(Progress("zip", report.pages, report.pages))
                    write_zip(out, Path(zip_path))
            else:
                _save_manifest(root, manifest, report, manifest_seconds)
                if zip_path:
                    notify(Progress("zip", report.pages, report.pages))
                    write_zip(root, Path(zip_path))
                notify(Progress("swap", report.pages, report.pages))
                swap_into_place(root, out)
                report.live_seconds = perf_counter() - started
            report.zip_path = Path(zip_path).resolve() if zip_path else None
        finally:
            # After a swap this is the previous export; after a failure, the unused build.
            shutil.rmtree(root, ignore_errors=True)


def _save_manifest(folder: Path, manifest, report: ExportReport, read_seconds: float) -> None:
    """Write the manifest; its phase's time is reading the previous one and this."""
    writing = perf_counter()
    save_manifest(folder, manifest)
    report.timings["manifest"] = round(read_seconds + perf_counter() - writing, 3)


def _refresh_search_index(out: Path, manifest, report: ExportReport) -> bool:
    """Rebuild the search index over the export just updated in place, and list its files
    in ``manifest``; False if that failed.

    Then the old index stays (it still finds the unchanged pages), the problem is reported,
    and the update's journal stays too, so that the next run exports and indexes
    everything anew.
    """
    try:
        index = pagefind.refresh_index(out)
    except pagefind.SearchIndexError as error:
        (out / JOURNAL_NAME).write_text("the search index is out of date; export all\n")
        report.problem("search-index", f"/{pagefind.FOLDER}/", str(error))
        return False
    old_index = pagefind.index_files(manifest.files)  # once: it scans every file's name
    kept = {name: digest for name, digest in manifest.files.items() if name not in old_index}
    manifest.files = kept | index.files
    report.written += index.written
    return True
