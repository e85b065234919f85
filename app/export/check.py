"""Checking a rendered export: what stays of the previous one, links, counts.

The last step of a run (see ``app.export.build``), once every page is rendered and
written. Each check adds what it finds to the report; any problem keeps the export from
being swapped in, so one run lists every problem at once.
"""

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from flask import Flask

from app.export.links import target_file
from app.export.manifest import Manifest, PageEntry
from app.export.registry import PublicUrl, is_private, registry
from app.export.report import ExportReport
from app.i18n import LANG_ARG, prefixed_endpoints


@dataclass
class Kept:
    """The pages and files of the export after a run, and the files of the previous
    export's pages that are gone (an update removes them from the folder)."""

    pages: dict[str, PageEntry]
    files: dict[str, str]
    removed_files: list[str]


def keep_reachable(
    previous: Manifest | None,
    pages: dict[str, PageEntry],
    files: dict[str, str],
    *,
    incremental: bool,
    queued: set[str],
    seeds: Mapping[str, PublicUrl],
    report: ExportReport,
) -> Kept:
    """Keep the previous export's pages that are still declared or linked to; the pages
    that are not go to ``report.removed``. ``queued``: the pages this run rendered.

    In a full run every page was rendered and this only lists what disappeared.
    """
    before = previous.pages if previous else {}
    if incremental and previous is not None:
        lost = not _no_link_lost(before, pages, queued, seeds)
        # Rendered again and gone now (they answered 404), or no longer reached.
        gone = {path for path in queued if path in before} - pages.keys()
        if lost:
            gone.update(before.keys() - _reachable(seeds, before, pages) - pages.keys())
        # The previous pages and files, with this run's over them: copying the dicts
        # whole is a fifth of the time of taking tens of thousands of pages one by one.
        pages, files = _over(before, pages), _over(previous.files, files)
        for path in gone:
            del pages[path]
            files.pop(before[path].file, None)
    report.removed = sorted(before.keys() - pages.keys())
    return Kept(pages, files, [before[path].file for path in report.removed])


def _over(under: Mapping, over: Mapping) -> dict:
    """A copy of ``under`` with the items of ``over`` over it."""
    merged = dict(under)
    merged.update(over)
    return merged


def _no_link_lost(
    before: Mapping[str, PageEntry],
    pages: Mapping[str, PageEntry],
    queued: set[str],
    seeds: Mapping[str, PublicUrl],
) -> bool:
    """Whether every page the previous export held is surely still reachable.

    It is when every page declared then is declared now and no page rendered in this
    run lost a link it had: the usual edit, which spares walking every page's links.
    """
    for path, entry in pages.items():
        then = before.get(path)
        if then is None or then.links_text == entry.links_text:
            continue
        if not set(then.links) <= set(entry.links):
            return False
    if any(path in queued for path in before.keys() - pages.keys()):
        return False  # a page rendered again answered 404 this time
    return all(path in seeds for path, entry in before.items() if entry.seed)


def _reachable(
    seeds: Mapping[str, PublicUrl],
    before: Mapping[str, PageEntry],
    pages: Mapping[str, PageEntry],
) -> set[str]:
    """The pages reached from the declared ones through links, old pages or new."""
    known = _over(before, pages)
    seen = set()
    pending = [path for path in seeds if path in known]
    while pending:
        path = pending.pop()
        if path in seen:
            continue
        seen.add(path)
        pending.extend(link for link in known[path].links if link in known)
    return seen


def check_links(
    checked: Mapping[str, PageEntry],
    files: Mapping[str, str],
    unexported: Mapping[str, str],
    query_links: Mapping[str, list[str]],
    report: ExportReport,
) -> None:
    """Every internal link and asset of the ``checked`` pages must be one of ``files``;
    a link to a folder URL with a query string cannot be answered by a static copy."""
    broken: dict[str, list[str]] = defaultdict(list)
    for path, entry in checked.items():
        for link in entry.links:
            if target_file(link) not in files:
                broken[link].append(path)
    for link, pages in sorted(broken.items()):
        reason = unexported.get(link, "is not in the export")
        report.problem("broken-link", link, f"{reason}; {_linked_from(pages)}")
    for link, pages in sorted(query_links.items()):
        report.problem(
            "query-link",
            link,
            "a static copy cannot answer a query string: link to a page with a path "
            f"of its own, or hide the link when exporting; {_linked_from(pages)}",
        )


def pages_to_check(
    pages: dict[str, PageEntry],
    files: Mapping[str, str],
    previous: Manifest | None,
    report: ExportReport,
) -> dict[str, PageEntry]:
    """The pages whose links ``check_links`` checks: an update checks only the pages
    it rendered, unless a file of the previous export is gone (the other pages passed
    the check then, against files that are all still there)."""
    if report.mode != "incremental" or previous is None:
        return pages
    if not previous.files.keys() <= files.keys():
        return pages
    rendered = set(report.rendered)
    return {path: entry for path, entry in pages.items() if path in rendered}


def check_counts(
    app: Flask,
    pages: Mapping[str, PageEntry],
    language_of: Callable[[str], str],
    report: ExportReport,
) -> None:
    """Each language has a page of every published record (one language for files)."""
    exported: dict[tuple[str, str | None], int] = defaultdict(int)
    for path, entry in pages.items():
        exported[language_of(path), entry.endpoint] += 1
    prefixed = prefixed_endpoints(app)
    for check in registry(app).count_checks:
        expected = check.expected()
        languages = app.config["LANGUAGES"][1:] if check.endpoint in prefixed else []
        for language in ["", *languages]:
            found = exported[language, check.endpoint]
            if found != expected:
                where = f" in /{language}/" if language else ""
                report.problem(
                    "count",
                    check.name,
                    f"{expected} published, but {found} pages of {check.endpoint} exported{where}",
                )


def unexported_endpoints(app: Flask, public_endpoints: set[str]) -> list[str]:
    """The public side's GET endpoints with no registered URL (a page a feature added
    without registering its URLs), sorted."""
    unexported = set()
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or ()) or rule.endpoint in public_endpoints:
            continue
        # A language twin ("/<language:lang>/subscribe/") is judged by its page's path.
        path = rule.rule.removeprefix(f"/<language:{LANG_ARG}>")
        if not is_private(path.split("<")[0].rstrip("/") or "/"):
            unexported.add(rule.endpoint)
    return sorted(unexported)


def _linked_from(pages: list[str]) -> str:
    shown = ", ".join(pages[:3])
    more = f" and {len(pages) - 3} more" if len(pages) > 3 else ""
    return f"linked from {shown}{more}"
