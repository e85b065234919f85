"""Site search and the export's Pagefind index on a generated coalition.

    .venv/bin/python bench/site_search.py [--partners 2000] [--meetings 300] [--runs 30]

Fills a SQLite database with the bundled guideline, N published partners and M published
meetings (bench/export_coalition.py's generator), then reports, in one run:

- ``/search/?q=...``: what the live page computes (app/search/services.search_site), as
  median and p95 over ``--runs`` calls per query, after a warm-up;
- ``/search/all/``: the A–Z index of every public page, once;
- the full export with and without the Pagefind index, and the index's share of the time.
"""

import argparse
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from export_coalition import build_coalition  # noqa: E402

from app import create_app  # noqa: E402
from app.export import run_export  # noqa: E402
from app.search.services import SearchQuery, list_everything, search_site  # noqa: E402

QUERIES = ["water", "partner organisation 17", "working group meeting", "stakeholder",
           "nothing-matches-this", "cần thơ"]  # fmt: skip


def timed(function, *args):
    started = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--partners", type=int, default=2_000)
    parser.add_argument("--meetings", type=int, default=300)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        app = create_app({"INSTANCE_PATH": str(folder / "instance"), "SECRET_KEY": "bench"})
        assert app.test_cli_runner().invoke(args=["setup"]).exit_code == 0
        _first, seconds = timed(build_coalition, app, args.partners, args.meetings)
        print(f"generated {args.partners} partners and {args.meetings} meetings "
              f"(and the bundled guideline) in {seconds:.0f} s")  # fmt: skip

        with app.test_request_context("/search/"):
            for text in QUERIES:
                search_site(SearchQuery(text))  # warm-up
                times, total = [], 0
                for _run in range(args.runs):
                    results, seconds = timed(search_site, SearchQuery(text))
                    times.append(seconds * 1000)
                    total = results.total
                p95 = statistics.quantiles(times, n=20)[-1]
                print(f"search {text!r:28} {total:5} results  median "
                      f"{statistics.median(times):6.1f} ms  p95 {p95:6.1f} ms")  # fmt: skip
            letters, seconds = timed(list_everything)
            entries = sum(len(entries) for _letter, entries in letters)
            print(f"A–Z index: {entries} pages listed in {seconds * 1000:.0f} ms")

        export = {}
        for indexed in (False, True):
            app.config["EXPORT_SEARCH_INDEX"] = indexed
            with app.app_context():
                report, seconds = timed(run_export, folder / f"export-{indexed}")
            assert report.ok, report.problems[:5]
            export[indexed] = seconds
            index = report.timings.get("search index", 0.0)
            print(f"full export, search index {'on ' if indexed else 'off'}: {report.pages} "
                  f"pages in {seconds:.1f} s (Pagefind {index:.1f} s)")  # fmt: skip
        print(f"the index costs {100 * (export[True] / export[False] - 1):.0f}% more export time")
    print(f"machine: {platform.machine()}, CPython {platform.python_version()}")


if __name__ == "__main__":
    main()
