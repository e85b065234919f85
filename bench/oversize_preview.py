"""How long one oversize Markdown preview holds a worker: 18 MB posted to /manage/preview.

.venv/bin/python bench/oversize_preview.py [--megabytes 18]

gunicorn with one sync worker on SQLite; an editor signs in, then posts the text as a
browser sends a form (application/x-www-form-urlencoded) with htmx's headers. Prints the
answer's status, its first words and the time from sending to the whole answer; then the
time of a home page request sent right after, which waits for the worker.
"""

import argparse
import http.client
import http.cookiejar
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from serve import BIN, ROOT, flask, served  # noqa: E402

EMAIL, PASSWORD = "bench@example.org", "a long bench password 2026"


def signed_in(base_url: str) -> tuple[str, str]:
    """An editor's session cookie, and the CSRF token of a /manage form."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def token(path: str) -> str:
        html = opener.open(base_url + path).read().decode()
        return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)

    form = {"email": EMAIL, "password": PASSWORD, "csrf_token": token("/login")}
    opener.open(base_url + "/login", urllib.parse.urlencode(form).encode()).read()
    csrf = token("/manage/page/new")
    return "; ".join(f"{c.name}={c.value}" for c in jar), csrf


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=18)
    args = parser.parse_args()
    paragraph = "Some **bold** words and a [link](https://example.org). "
    text = (paragraph * int(args.megabytes * 1e6 / len(paragraph) + 1))[: int(args.megabytes * 1e6)]
    body = urllib.parse.urlencode({"body": text}).encode()
    with tempfile.TemporaryDirectory() as folder:
        instance = Path(folder) / "instance"
        env = {**os.environ, "ROUNDTABLE_INSTANCE_PATH": str(instance)}
        flask(instance, "setup")
        subprocess.run([str(BIN / "flask"), "create-user", EMAIL, "--role", "editor"], cwd=ROOT,
                       env=env, input=PASSWORD + "\n", text=True, check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        with served(instance, workers=1) as base_url:
            cookie, csrf = signed_in(base_url)
            host, port = base_url.removeprefix("http://").split(":")
            connection = http.client.HTTPConnection(host, int(port), timeout=600)
            started = time.perf_counter()
            connection.request("POST", "/manage/preview?field=body", body=body, headers={
                "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie,
                "X-CSRFToken": csrf, "HX-Request": "true"})  # fmt: skip
            try:
                response = connection.getresponse()
                answer = f"{response.status} {response.read()[:90].decode(errors='replace')!r}"
            except OSError as error:
                answer = f"no answer: {error!r}"
            preview_seconds = time.perf_counter() - started
            started = time.perf_counter()
            urllib.request.urlopen(base_url + "/", timeout=600).read()  # noqa: S310 (loopback)
            home_seconds = time.perf_counter() - started
    print(f"machine: {platform.machine()}, {platform.python_implementation()} "
          f"{platform.python_version()}")  # fmt: skip
    print(
        f"{len(body) / 1e6:.1f} MB preview: {answer} in {preview_seconds:.2f} s; "
        f"home page after it: {home_seconds:.2f} s"
    )


if __name__ == "__main__":
    main()
