"""Pages on a 2G-like connection: time until the main text is visible, and bytes transferred.

    .venv/bin/python bench/throttled.py [--export DIR] [--runs 3] [PATH ...]

Debian's Chromium, driven by Playwright, loads each PATH (default: the home page) with a
cold cache under Chrome's network emulation: about 35 kbit/s down, 32 kbit/s up and 1.3 s
of added latency per request. With ``--export DIR`` the pages come from a static export
served by ``python -m http.server``; without it, from the live app under gunicorn on a
fresh demo instance.

"Main text visible" is when ``main h1`` is laid out and visible and the page has painted
(the later of the two: a heading the browser has laid out but not yet painted, because
the stylesheet is still on its way, is not visible to a person).
"""

import argparse
import contextlib
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))

from serve import flask, free_port, served  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DOWN_KBPS = 35
UP_KBPS = 32
LATENCY_MS = 1300
MAIN_TEXT = "main h1"
# Generous: at 35 kbit/s a 100 KB page takes 23 s.
TIMEOUT_MS = 120_000


@dataclass
class Load:
    main_text_s: float
    first_paint_s: float
    load_s: float
    bytes: int
    requests: int


def measure(browser: Browser, url: str) -> Load:
    """Load ``url`` once in a fresh context (cold cache) under the emulated network."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": LATENCY_MS,
            "downloadThroughput": DOWN_KBPS * 1000 / 8,
            "uploadThroughput": UP_KBPS * 1000 / 8,
        },
    )
    transferred: dict[str, int] = {}
    # encodedDataLength: bytes on the wire, headers included.
    cdp.on(
        "Network.loadingFinished",
        lambda event: transferred.__setitem__(event["requestId"], event["encodedDataLength"]),
    )
    try:
        start = time.perf_counter()
        page.goto(url, wait_until="commit")
        page.wait_for_selector(MAIN_TEXT, state="visible")
        laid_out = time.perf_counter() - start
        page.wait_for_load_state("load")
        load = time.perf_counter() - start
        # Let the last loadingFinished events arrive.
        page.wait_for_timeout(200)
        paint = page.evaluate(
            "performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? 0"
        )
        first_paint = paint / 1000
        return Load(max(laid_out, first_paint), first_paint, load, sum(transferred.values()),
                    len(transferred))  # fmt: skip
    finally:
        context.close()


@contextlib.contextmanager
def static_server(folder: Path):
    """Serve ``folder`` with Python's http.server on a loopback port."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
         "--directory", str(folder)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                urllib.request.urlopen(base_url + "/", timeout=2).read()  # noqa: S310 (loopback)
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("http.server did not start") from None
                time.sleep(0.1)
        yield base_url
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextlib.contextmanager
def site(export: Path | None):
    """Base URL of the pages under test: the static export, or a live demo instance."""
    if export is not None:
        with static_server(export) as base_url:
            yield base_url, f"static export {export} served by http.server"
        return
    with tempfile.TemporaryDirectory() as folder:
        instance = Path(folder) / "instance"
        flask(instance, "setup", "--demo")
        with served(instance, workers=1) as base_url:
            yield base_url, "live app, gunicorn, SQLite, demo data"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=["/"], help="pages to load (default: /)")
    parser.add_argument("--export", type=Path, help="a folder written by `flask freeze`")
    parser.add_argument("--runs", type=int, default=3, help="loads per page; the median counts")
    args = parser.parse_args()

    with site(args.export) as (base_url, source), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            print(f"{source}; {DOWN_KBPS} kbit/s down, {UP_KBPS} kbit/s up, "
                  f"{LATENCY_MS} ms latency; median of {args.runs} cold loads")  # fmt: skip
            print(f"machine: {platform.machine()}, {platform.python_implementation()} "
                  f"{platform.python_version()}, Chromium {browser.version}")  # fmt: skip
            print("| page | main text visible | first paint | load event | bytes | requests |")
            print("|---|---|---|---|---|---|")
            for path in args.paths:
                loads = [measure(browser, base_url + path) for _ in range(args.runs)]
                median = statistics.median
                print(
                    f"| `{path}` | {median(x.main_text_s for x in loads):.1f} s "
                    f"| {median(x.first_paint_s for x in loads):.1f} s "
                    f"| {median(x.load_s for x in loads):.1f} s "
                    f"| {median(x.bytes for x in loads):,.0f} | {loads[0].requests} |"
                )
        finally:
            browser.close()


if __name__ == "__main__":
    main()
