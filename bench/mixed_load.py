"""Readers and editors at once: 50 readers browsing and 5 editors saving through the real
/manage editor, against gunicorn on SQLite, counting requests per second, p95, 5xx and
"database is locked".

    .venv/bin/python bench/mixed_load.py [--seconds 120] [--readers 50] [--editors 5]

Readers fetch public pages in turn: the home page, a guideline step, a partner's page, a
meeting's page and a directory search. Each editor is an editor account that signs in once
through the sign-in form and then, like a browser, opens the edit form of its own guideline
page, changes the text, posts the form with its CSRF token and base revision, and follows
the redirect back to the form. A save counts as done when that redirect lands on the edit
form with "Saved."; a form shown again (422) or a conflict page counts as a failure.

The server is the product as shipped (wsgi:app, default settings, sign-in throttling on):
the editors sign in once each, so the throttle, which counts only failed sign-ins, never
applies. Every client is a closed loop with no think time, so this is the worst case for
the same number of people. Load generator and server share the machine's cores.
"""

import argparse
import http.cookiejar
import os
import platform
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import LoadResult  # noqa: E402
from serve import BIN, ROOT, flask, free_port  # noqa: E402

PASSWORD = "mixed load bench password"  # noqa: S105 (a throwaway account in a temp folder)
TIMEOUT = 60


class FormFields(HTMLParser):
    """What a browser would submit from the form whose class contains ``form_class``."""

    def __init__(self, form_class: str):
        super().__init__(convert_charrefs=True)
        self.form_class = form_class
        self.inside = False
        self.done = False
        self.fields: dict[str, str] = {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {name: value or "" for name, value in attrs}
        if tag == "form" and not self.done and self.form_class in a.get("class", "").split():
            self.inside = True
        if not self.inside or not a.get("name") and tag != "option":
            return
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields[a["name"]] = a.get("value", "on" if kind == "checkbox" else "")
        elif tag == "textarea":
            self._textarea = a["name"]
            self.fields[a["name"]] = ""
        elif tag == "select":
            self._select = a["name"]
        elif (
            tag == "option"
            and self._select
            and ("selected" in a or self._select not in self.fields)
        ):
            self.fields[self._select] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form" and self.inside:
            self.inside, self.done = False, True

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data


def form_fields(html: str, form_class: str) -> dict[str, str]:
    parser = FormFields(form_class)
    parser.feed(html)
    parser.close()
    textarea_names = re.findall(r'<textarea[^>]*name="([^"]+)"', html)
    for name in textarea_names:
        # The HTML spec drops one newline right after <textarea>.
        if name in parser.fields and parser.fields[name].startswith("\n"):
            parser.fields[name] = parser.fields[name][1:]
    return parser.fields


class Browser:
    """A cookie-keeping client that follows redirects, as a browser does."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def open(self, path: str, data: dict | None = None) -> tuple[int, str, str]:
        """(status, final URL path, body); 4xx and 5xx are answers, not exceptions."""
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base_url + path, body, timeout=TIMEOUT) as response:
                final = urllib.parse.urlsplit(response.geturl()).path
                return response.status, final, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, path, error.read().decode(errors="replace")


class Tally:
    def __init__(self):
        self.latencies: list[float] = []
        self.server_errors = 0
        self.failures = 0


def reader_loop(base_url, paths, stop_at, tally, lock):
    browser = Browser(base_url)
    mine, server_errors, failures, n = [], 0, 0, 0
    while time.monotonic() < stop_at:
        path = paths[n % len(paths)]
        n += 1
        started = time.perf_counter()
        try:
            status, _final, _body = browser.open(path)
            server_errors += status >= 500
            failures += 300 <= status < 500
        except OSError:
            failures += 1
        mine.append((time.perf_counter() - started) * 1000)
    with lock:
        tally.latencies.extend(mine)
        tally.server_errors += server_errors
        tally.failures += failures


def sign_in(browser: Browser, email: str) -> None:
    status, _final, html = browser.open("/login")
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    status, final, _html = browser.open(
        "/login", {"email": email, "password": PASSWORD, "csrf_token": token}
    )
    if status != 200 or final == "/login":
        raise RuntimeError(f"{email} could not sign in: {status} at {final}")


def editor_loop(base_url, email, edit_path, stop_at, saves, forms, lock):
    """Open the form, change the text, post it with its token and base revision, follow."""
    browser = Browser(base_url)
    sign_in(browser, email)
    save_ms, form_ms = [], []
    counts = {"5xx": 0, "failed": 0, "form 5xx": 0}
    n = 0
    while time.monotonic() < stop_at:
        started = time.perf_counter()
        try:
            status, _final, html = browser.open(edit_path)
        except OSError:
            counts["failed"] += 1
            continue
        form_ms.append((time.perf_counter() - started) * 1000)
        if status != 200:
            counts["form 5xx" if status >= 500 else "failed"] += 1
            continue
        data = form_fields(html, "edit-form")
        n += 1
        data["body"] = re.sub(r"\n\nSaved by the load test \d+\.$", "", data["body"])
        data["body"] += f"\n\nSaved by the load test {n}."
        data["change_note"] = f"load test save {n}"
        started = time.perf_counter()
        try:
            status, final, html = browser.open(edit_path, data)
        except OSError:
            counts["failed"] += 1
            continue
        save_ms.append((time.perf_counter() - started) * 1000)
        if status >= 500:
            counts["5xx"] += 1
        elif status != 200 or final != edit_path or "Saved." not in html:
            counts["failed"] += 1
    with lock:
        saves.latencies.extend(save_ms)
        saves.server_errors += counts["5xx"]
        saves.failures += counts["failed"]
        forms.latencies.extend(form_ms)
        forms.server_errors += counts["form 5xx"]


def reader_pages(base_url: str) -> list[str]:
    """The public pages the readers fetch, found by following the site's own links."""
    browser = Browser(base_url)

    def first_link(page: str, pattern: str) -> str:
        _status, _final, html = browser.open(page)
        found = re.search(rf'href="({pattern})"', html)
        if not found:
            raise RuntimeError(f"no link like {pattern} on {page}")
        return found.group(1)

    reader_paths = [
        "/",
        first_link("/guidelines/", r"/guidelines/[a-z-]+/[a-z-]+/"),
        first_link("/partners/", r"/partners/(?!apply/)[a-z0-9-]+/"),
        first_link("/meetings/", r"/meetings/\d{4}-[a-z0-9-]+/"),
        "/partners/?q=water",
    ]
    return reader_paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--readers", type=int, default=50)
    parser.add_argument("--editors", type=int, default=5)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        instance = Path(folder) / "instance"
        flask(instance, "setup", "--demo")
        emails = [f"editor{n}@bench.example.org" for n in range(args.editors)]
        for email in emails:
            subprocess.run(
                [str(BIN / "flask"), "create-user", email, "--role", "editor"],
                cwd=ROOT,
                env={**os.environ, "ROUNDTABLE_INSTANCE_PATH": str(instance)},
                input=PASSWORD + "\n",
                text=True,
                check=True,
                stdout=subprocess.DEVNULL,
            )
        log = Path(folder) / "gunicorn.log"
        port = free_port()
        base_url = f"http://127.0.0.1:{port}"
        with log.open("w") as log_file:
            server = subprocess.Popen(
                [str(BIN / "gunicorn"), "--workers", str(args.workers), "--bind",
                 f"127.0.0.1:{port}", "wsgi:app"],
                cwd=ROOT,
                env={**os.environ, "ROUNDTABLE_INSTANCE_PATH": str(instance)},
                stdout=log_file,
                stderr=subprocess.STDOUT,
            )  # fmt: skip
            try:
                wait_until_up(base_url)
                reader_paths = reader_pages(base_url)
                edit_paths = guideline_edit_paths(base_url, emails[0], args.editors)
                load_before = os.getloadavg()
                results = run(base_url, args, reader_paths, emails, edit_paths)
                load_after = os.getloadavg()
            finally:
                server.terminate()
                server.wait(timeout=30)
        server_log = log.read_text(errors="replace")
        locked = server_log.count("database is locked")
        tracebacks = server_log.count("Traceback")

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, "
          f"{platform.python_implementation()} {platform.python_version()}")  # fmt: skip
    print(f"load average before {load_before[0]:.1f}, after {load_after[0]:.1f} (1 min)")
    print(f"gunicorn {args.workers} sync workers, SQLite, {args.seconds:.0f} s")
    print(f"reader pages: {', '.join(reader_paths)}")
    for name, (result, tally) in results.items():
        print(f"  {name}: {result.summary()}; 5xx {tally.server_errors}, other failures "
              f"{tally.failures}")  # fmt: skip
    print(f"  'database is locked' in the server log: {locked}; tracebacks: {tracebacks}")


def wait_until_up(base_url: str) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(base_url + "/", timeout=2).read()  # noqa: S310 (loopback)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not start") from None
            time.sleep(0.2)


def guideline_edit_paths(base_url: str, email: str, count: int) -> list[str]:
    """The edit forms of ``count`` different guideline pages, as the manage list links them."""
    browser = Browser(base_url)
    sign_in(browser, email)
    _status, _final, html = browser.open("/manage/guideline-page/")
    paths = list(dict.fromkeys(re.findall(r'href="(/manage/guideline-page/\d+/edit)"', html)))
    if len(paths) < count:
        raise RuntimeError(f"only {len(paths)} guideline pages for {count} editors")
    return paths[:count]


def run(base_url: str, args, reader_paths, emails, edit_paths) -> dict:
    stop_at = time.monotonic() + args.seconds
    lock = threading.Lock()
    readers, saves, forms = Tally(), Tally(), Tally()
    threads = [
        threading.Thread(target=reader_loop, args=(base_url, reader_paths, stop_at, readers, lock))
        for _ in range(args.readers)
    ]
    threads += [
        threading.Thread(
            target=editor_loop, args=(base_url, email, path, stop_at, saves, forms, lock)
        )
        for email, path in zip(emails, edit_paths, strict=True)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started

    def result(tally: Tally) -> LoadResult:
        errors = tally.server_errors + tally.failures
        return LoadResult(len(tally.latencies), errors, elapsed, tally.latencies or [0.0])

    return {
        f"{args.readers} readers (page views)": (result(readers), readers),
        f"{args.editors} editors, edit form GET": (result(forms), forms),
        f"{args.editors} editors, save POST + redirect": (result(saves), saves),
    }


if __name__ == "__main__":
    main()
