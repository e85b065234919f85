"""Request rate, render time and size of the transparency record's pages, on the demo.

.venv/bin/python bench/transparency_pages.py [--seconds 5] [--concurrency 8]

gunicorn with two workers on SQLite, after `flask setup --demo`; then the same pages
rendered one at a time in this process (median of 30), which a busy machine disturbs
less. Sizes are of the HTML alone, gzip-compressed at level 9.
"""

import argparse
import csv
import gzip
import io
import os
import platform
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import run_load  # noqa: E402
from serve import flask, served  # noqa: E402


def fetch(url: str) -> bytes:
    return urllib.request.urlopen(url, timeout=10).read()  # noqa: S310 (loopback)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        instance = Path(folder) / "instance"
        flask(instance, "setup", "--demo")
        with served(instance, workers=2) as base_url:
            meetings = list(csv.DictReader(io.StringIO(
                fetch(base_url + "/data/meetings.csv").decode())))  # fmt: skip
            amended = next(m for m in meetings if m["minutes_version"] == "2")["url"]
            pages = {
                "meeting with amended minutes": amended,
                "decisions register": base_url + "/decisions/",
                "decisions, overdue only": base_url + "/decisions/?action=overdue",
                "funding": base_url + "/funding/",
                "Atom feed of everything": base_url + "/feed.xml",
                "actions as CSV": base_url + "/data/actions.csv",
            }
            run_load(base_url + "/decisions/", seconds=1, concurrency=2)  # warm up
            print(f"machine: {platform.machine()}, {platform.python_implementation()} "
                  f"{platform.python_version()}; gunicorn 2 workers, SQLite, "
                  f"{args.concurrency} clients, {args.seconds:.0f} s each")  # fmt: skip
            print("| page | gzip size | result |\n|---|---|---|")
            for name, url in pages.items():
                size = len(gzip.compress(fetch(url), 9))
                result = run_load(url, args.seconds, args.concurrency)
                print(f"| {name} | {size / 1024:.1f} KB | {result.summary()} |")
        print("\n| page | render time in process, median of 30 |\n|---|---|")
        for name, url in pages.items():
            print(f"| {name} | {render_ms(instance, url.split(base_url, 1)[1]):.1f} ms |")
        print(f"load average during the run: {os.getloadavg()[0]:.1f}")


def render_ms(instance: Path, path: str) -> float:
    os.environ["ROUNDTABLE_INSTANCE_PATH"] = str(instance)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from app import create_app

    client = create_app().test_client()
    client.get(path)
    times = []
    for _ in range(30):
        started = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


if __name__ == "__main__":
    main()
