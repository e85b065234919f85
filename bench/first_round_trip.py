"""The first round trip on 2G: the stylesheets linked, as shipped, against inlined in each page.

    .venv/bin/python bench/first_round_trip.py [--export DIR] [--runs 3]

Exports the demo (or takes DIR, written by `flask freeze`), then makes a copy of it whose
pages carry their screen stylesheets in a ``<style>`` element, with that element's hash
added to the page's Content-Security-Policy (so the browser applies it under the site's
policy). Both copies are served gzip-compressed, as the README's web server settings do.
Chromium, under the network emulation of bench/throttled.py (35 kbit/s down, 1.3 s added
latency a request), loads with a cold cache:

- a one-page visit: the guideline step alone;
- a five-page visit: the step, then the four steps after it in the same tab (their
  ``rel="next"`` links), so a linked stylesheet comes from the browser's cache after the
  first page, while inlined rules travel again with each page.

For each: first contentful paint of each page, and bytes on the wire; median of ``--runs``.
"""

import argparse
import base64
import contextlib
import gzip
import hashlib
import http.server
import platform
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))

from serve import flask  # noqa: E402
from throttled import CHROMIUM, CHROMIUM_ARGS, DOWN_KBPS, LATENCY_MS, UP_KBPS  # noqa: E402

STEP = "/guidelines/formation/planning/"
VISIT = 5
SCREEN_STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+\.css)">')
META_POLICY = re.compile(r'(<meta http-equiv="Content-Security-Policy" content="[^"]*style-src)')
COMPRESSED = (".html", ".css", ".js", ".json", ".xml", ".svg")


def inlined(page: Path) -> str:
    """The page with its screen stylesheets' rules in one ``<style>`` where the last link
    was, and that element's hash allowed by its policy's style-src."""
    html = page.read_text()
    links = SCREEN_STYLESHEET.findall(html)
    if not links:
        return html
    style = "\n".join((page.parent / href).resolve().read_text() for href in links)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    html = SCREEN_STYLESHEET.sub("", html, count=len(links) - 1)
    html = html.replace(f'<link rel="stylesheet" href="{links[-1]}">', f"<style>{style}</style>")
    return META_POLICY.sub(rf"\1 'sha256-{digest}'", html, count=1)


def inline_stylesheets(folder: Path) -> None:
    for page in folder.rglob("*.html"):
        page.write_text(inlined(page))


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Text files compressed, as a web server with gzip on sends them."""

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix not in COMPRESSED or not path.is_file():
            return super().do_GET()
        body = gzip.compress(path.read_bytes(), 9)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=60")
        self.end_headers()
        self.wfile.write(body)


@contextlib.contextmanager
def gzip_server(folder: Path):
    def handler(*args, **kwargs):
        return GzipHandler(*args, directory=str(folder), **kwargs)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def visit(browser, base_url: str, pages: int) -> tuple[list[float], int]:
    """First contentful paint of each page (seconds from its navigation) and the bytes."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    context.set_default_timeout(180_000)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {
        "offline": False, "latency": LATENCY_MS,
        "downloadThroughput": DOWN_KBPS * 1000 / 8, "uploadThroughput": UP_KBPS * 1000 / 8,
    })  # fmt: skip
    transferred: dict[str, int] = {}
    cdp.on(
        "Network.loadingFinished",
        lambda event: transferred.__setitem__(event["requestId"], event["encodedDataLength"]),
    )
    paints = []
    try:
        url = base_url + STEP
        for _ in range(pages):
            page.goto(url, wait_until="load")
            page.wait_for_function(
                "performance.getEntriesByName('first-contentful-paint').length > 0"
            )
            paint = page.evaluate(
                "performance.getEntriesByName('first-contentful-paint')[0].startTime"
            )
            paints.append(paint / 1000)
            url = page.eval_on_selector('a[rel="next"]', "link => link.href")
        page.wait_for_timeout(200)
        return paints, sum(transferred.values())
    finally:
        context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--export", type=Path, help="a folder written by `flask freeze`")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        linked = args.export
        if linked is None:
            instance, linked = Path(folder) / "instance", Path(folder) / "linked"
            flask(instance, "setup", "--demo")
            flask(instance, "freeze", "--out", str(linked))
        inlined = Path(folder) / "inlined"
        shutil.copytree(linked, inlined)
        inline_stylesheets(inlined)
        step_html = {
            name: gzip.compress((copy / STEP.strip("/") / "index.html").read_bytes(), 9)
            for name, copy in (("linked", linked), ("inlined", inlined))
        }
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            print(f"{DOWN_KBPS} kbit/s down, {UP_KBPS} kbit/s up, {LATENCY_MS} ms latency; "
                  f"median of {args.runs} cold visits; {platform.machine()}, "
                  f"Chromium {browser.version}")  # fmt: skip
            print(
                "| stylesheets | step page gzip | one page: first paint | five pages: first "
                "paint of each | five pages: sum | bytes, five pages |"
            )
            print("|---|---|---|---|---|---|")
            for name, copy in (("linked", linked), ("inlined", inlined)):
                with gzip_server(copy) as base_url:
                    ones = [visit(browser, base_url, 1)[0][0] for _ in range(args.runs)]
                    fives = [visit(browser, base_url, VISIT) for _ in range(args.runs)]
                each = [statistics.median(run[0][i] for run in fives) for i in range(VISIT)]
                sums = statistics.median(sum(run[0]) for run in fives)
                size = statistics.median(run[1] for run in fives)
                print(f"| {name} | {len(step_html[name]):,} B | {statistics.median(ones):.2f} s "
                      f"| {', '.join(f'{s:.2f}' for s in each)} s | {sums:.2f} s "
                      f"| {size:,.0f} |")  # fmt: skip
            browser.close()
    print(f"finished {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")


if __name__ == "__main__":
    main()
