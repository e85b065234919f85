"""A small browser for the outside tests: cookies, CSRF tokens, sign-in (stdlib only).

Run by hand against a server you started (see SECURITY.md, "Tested from the outside");
nothing in tests/ imports it.
"""

import html
import http.cookiejar
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One browser: a cookie jar; answers are (status, headers, body) and never raise."""

    def __init__(self, base: str, jar_file: Path | None = None):
        if not base.startswith(("http://127.", "http://[::1]", "http://localhost")):
            raise SystemExit("these scripts only target this machine (loopback)")
        self.base = base.rstrip("/")
        self.jar = http.cookiejar.LWPCookieJar(str(jar_file) if jar_file else None)
        if jar_file and Path(jar_file).exists():
            self.jar.load(ignore_discard=True, ignore_expires=True)
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )

    def save(self):
        self.jar.save(ignore_discard=True, ignore_expires=True)

    def request(self, method, path, data=None, headers=None, timeout=60):
        body = None
        headers = dict(headers or {})
        if data is not None:
            body = urllib.parse.urlencode(data).encode() if isinstance(data, dict) else data
            headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        url = path if path.startswith("http") else self.base + path
        req = urllib.request.Request(url, data=body, headers=headers, method=method)  # noqa: S310
        try:
            with self.opener.open(req, timeout=timeout) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def token(self, path="/manage/account/"):
        """A CSRF token of this browser's session, read from a page with a form."""
        status, _, body = self.request("GET", path)
        found = TOKEN.search(body.decode("utf-8", "replace"))
        return html.unescape(found.group(1)) if found else None

    def sign_in(self, email, password):
        token = self.token("/login")
        status, headers, body = self.request(
            "POST", "/login",
            {"csrf_token": token, "email": email, "password": password, "next": "", "resume": ""},
        )  # fmt: skip
        return status, headers, body

    def cookie_header(self):
        """The Cookie header this browser sends to /manage (for wapiti -C and sqlmap)."""
        return "; ".join(f"{c.name}={c.value}" for c in self.jar if c.path == "/")


def load_accounts(path: Path) -> dict:
    """{"admin": ["email", "password"], ...}: the accounts made for the test."""
    return json.loads(Path(path).read_text())


def wapiti_cookies(browser: Browser, path: Path) -> None:
    """Write this browser's session cookie as the JSON cookie file `wapiti -c` reads."""
    host = urllib.parse.urlsplit(browser.base).hostname
    cookies = {
        c.name: {"value": c.value, "expires": None, "secure": False, "port": None, "version": 0}
        for c in browser.jar
        if c.path == "/"
    }
    Path(path).write_text(json.dumps({host: {"/": cookies}}))


if __name__ == "__main__":
    # client.py BASE EMAIL PASSWORD PREFIX: signs in and writes PREFIX.jar (this browser),
    # PREFIX.cookie (a Cookie header, for sqlmap), PREFIX.cookies.json (for wapiti -c) and
    # PREFIX.csrf (a CSRF token of the session).
    import sys

    base, email, password, prefix = sys.argv[1:5]
    browser = Browser(base, Path(prefix + ".jar"))
    status = browser.sign_in(email, password)[0]
    if status != 303:
        raise SystemExit(f"sign-in answered {status}")
    Path(prefix + ".csrf").write_text(browser.token())
    Path(prefix + ".cookie").write_text(browser.cookie_header())
    wapiti_cookies(browser, Path(prefix + ".cookies.json"))
    browser.save()
