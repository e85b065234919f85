"""The live site's public pages against a hello-world Flask app, side by side in one run.

.venv/bin/python bench/live_pages.py [--seconds 10] [--connections 8] [--soak 60]
                                      [--no-page-cache]

Both apps under gunicorn with two sync workers on loopback, loaded by wrk (`apt-get install
wrk`) with ``--connections`` keep-alive connections for ``--seconds`` per page, hello-world
first and last so that the machine's drift shows. Roundtable runs on SQLite after `flask
setup --demo`. Each page's rate is also given as a share of hello-world's, which a busy
machine disturbs less than the rates themselves. Then ``--soak`` seconds of the heaviest
pages in turn, with the workers' resident memory before and after, and each page in this
process (median of 30 by CPU time): rendered (PAGE_CACHE_BYTES=0) and answered from the
worker's kept page. wrk sends no cookie, so under load the pages come from the page cache
(app/pagecache) after each worker's first visit; ``--no-page-cache`` renders every one.
"""

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from serve import ROOT, flask, served  # noqa: E402

PAGES = {
    "home": "/",
    "guideline step": "/guidelines/formation/planning/",
    "directory search": "/partners/?q=water",
    "a partner": "/partners/adfr/",
    "decisions": "/decisions/",
}
SCRIPT = str(Path(__file__).resolve().parent / "p95.lua")


@dataclass
class Rate:
    requests: int
    seconds: float
    median_ms: float
    p95_ms: float
    bad: int

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds


def wrk(url: str, seconds: float, connections: int) -> Rate:
    output = subprocess.run(
        ["wrk", "--threads", "2", "--connections", str(connections), "--duration",
         f"{seconds:.0f}s", "--script", SCRIPT, url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    line = next(line for line in output.splitlines() if line.startswith("RESULT"))
    requests, duration, median, p95, status, sockets = line.split()[1:]
    bad = int(status) + int(sockets)
    return Rate(int(requests), float(duration), float(median), float(p95), bad)


def worker_rss_mb(master: int) -> float:
    """Resident memory of gunicorn's workers (the master's children), added up."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    total_kb = 0
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total_kb += int(line.split()[1])
    return total_kb / 1024


def render_ms(instance: Path, path: str, cache_bytes: int) -> float:
    os.environ["ROUNDTABLE_INSTANCE_PATH"] = str(instance)
    sys.path.insert(0, str(ROOT))
    from app import create_app

    client = create_app({"PAGE_CACHE_BYTES": cache_bytes}).test_client()
    client.get(path)
    times = []
    for _ in range(30):
        started = time.process_time()
        client.get(path)
        times.append((time.process_time() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--soak", type=float, default=60, help="seconds; 0 leaves it out")
    parser.add_argument("--no-page-cache", action="store_true", help="render every page")
    args = parser.parse_args()
    env = {"ROUNDTABLE_PAGE_CACHE_BYTES": "0"} if args.no_page_cache else {}
    print(f"load average before the run: {os.getloadavg()[0]:.1f}")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, "
          f"{platform.python_implementation()} {platform.python_version()}; gunicorn 2 sync "
          f"workers, wrk {args.connections} connections, {args.seconds:.0f} s a page, "
          f"page cache {'off' if args.no_page_cache else 'on'}")  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        instance = Path(folder) / "instance"
        flask(instance, "setup", "--demo")
        rates: dict[str, Rate] = {}
        with served(instance, workers=2, application="hello_app:app") as hello_url:
            wrk(hello_url + "/", 2, 2)
            rates["hello-world"] = wrk(hello_url + "/", args.seconds, args.connections)
            with served(instance, workers=2, env=env) as base_url:
                for path in PAGES.values():
                    wrk(base_url + path, 2, 2)  # warm up both workers
                for name, path in PAGES.items():
                    rates[name] = wrk(base_url + path, args.seconds, args.connections)
                rates["hello-world, again"] = wrk(hello_url + "/", args.seconds, args.connections)
                if args.soak:
                    master = served.pid
                    before = worker_rss_mb(master)
                    soaked = 0
                    for path in ("/decisions/", "/partners/?q=water") * 3:
                        soaked += wrk(base_url + path, args.soak / 6, args.connections).requests
                    after = worker_rss_mb(master)
        yardstick = (rates["hello-world"].per_second + rates["hello-world, again"].per_second) / 2
        print("\n| page | req/s | median | p95 | ÷ hello-world | errors |")
        print("|---|---|---|---|---|---|")
        for name, rate in rates.items():
            print(f"| {name} | {rate.per_second:,.0f} | {rate.median_ms:.1f} ms | "
                  f"{rate.p95_ms:.1f} ms | {rate.per_second / yardstick:.3f} | "
                  f"{rate.bad} |")  # fmt: skip
        if args.soak:
            print(f"\nworkers' memory: {before:.0f} MB before, {after:.0f} MB after "
                  f"{soaked:,} more requests of /decisions/ and the search")  # fmt: skip
        print("\n| page | in process, median CPU time of 30: rendered | from the page cache |")
        print("|---|---|---|")
        for name, path in PAGES.items():
            rendered, kept = render_ms(instance, path, 0), render_ms(instance, path, 1 << 25)
            print(f"| {name} | {rendered:.1f} ms | {kept:.2f} ms |")
    print(f"load average after the run: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
