"""The findings of the first outside test, tried again against a running server.

    .venv/bin/python bench/security/fixed_findings.py http://127.0.0.1:8137 ADMIN_JAR OWNER

ADMIN_JAR is a cookie jar (client.Browser) of a signed-in administrator; OWNER is
"email:password" of an account no one else uses, which this script signs in to, then
guesses at from another browser. Prints one line per check and exits 1 if any fails.
Bounded: about 40 requests.
"""

import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from client import Browser  # noqa: E402

results = []


def check(name, ok, detail):
    results.append(ok)
    print(f"{'ok  ' if ok else 'FAIL'} {name}: {detail}")


def main(base: str, admin_jar: str, owner: str) -> int:
    admin = Browser(base, Path(admin_jar))
    assert admin.request("GET", "/manage/")[0] == 200, "the administrator is not signed in"

    # 1. Another site's form that posts a new administrator to /manage/users/.
    token = admin.token("/manage/users/")
    email = f"planted-{int(time.time())}@example.org"
    form = {"csrf_token": token, "email": email, "name": "Planted", "role": "admin",
            "organisation": "", "password": "Planted-password-7391"}  # fmt: skip
    for headers in (
        {"Sec-Fetch-Site": "cross-site", "Origin": "http://evil.example"},
        {"Origin": "http://evil.example"},
        {"Origin": "null"},
        {"Sec-Fetch-Site": "same-site", "Origin": "http://sub.127.0.0.1:8137"},
    ):
        status = admin.request("POST", "/manage/users/", form, headers)[0]
        check("cross-site POST /manage/users/", status == 403, f"{headers} -> {status}")
    # The same form from this site, without its token or with a wrong one.
    for value in (None, "wapiti", token[:-2] + "xx"):
        data = {k: v for k, v in form.items() if k != "csrf_token" or value is not None}
        if value is not None:
            data["csrf_token"] = value
        status = admin.request("POST", "/manage/users/", data)[0]
        check("POST /manage/users/ without a valid token", status == 400, f"{value} -> {status}")
    listed = email in admin.request("GET", "/manage/users/")[2].decode()
    check("no account planted", not listed, f"{email} listed: {listed}")

    # 2. A Host header of another site.
    for headers in ({"Host": "evil.example"}, {"Host": "evil.example", "X-Forwarded-Host":
                                                "evil.example"}):  # fmt: skip
        status, _, body = admin.request("GET", "/", headers=headers)
        check("foreign Host", status == 400 and b"evil.example" not in body,
              f"{headers} -> {status}")  # fmt: skip
    status, _, body = Browser(base).request("GET", "/", headers={"X-Forwarded-Host": "evil"})
    check("X-Forwarded-Host ignored", b"//evil" not in body, f"-> {status}")
    for path in ("/robots.txt", "/sitemap.xml", "/feed.xml"):
        status, _, body = Browser(base).request("GET", path, headers={"X-Forwarded-Host": "evil"})
        check(f"{path} links", b"evil" not in body, f"-> {status}")

    # 3. An 18 MB text to the preview.
    token = admin.token("/manage/page/new")
    big = b"csrf_token=" + token.encode() + b"&body=" + b"a" * (18 * 1024 * 1024)
    started = time.monotonic()
    status = admin.request("POST", "/manage/preview?field=body", big)[0]
    seconds = time.monotonic() - started
    check("18 MB preview", status == 413 and seconds < 5, f"{status} in {seconds:.2f} s")
    status = admin.request("GET", "/manage/")[0]
    check("session after the 413", status == 200, f"{status}")

    # 4. A stranger's wrong passwords, then the owner's browser, which signed in before.
    email, password = owner.split(":", 1)
    owners = Browser(base)
    status = owners.sign_in(email, password)[0]
    check("owner signs in first", status == 303, f"{status}")
    owners.request("POST", "/logout", {"csrf_token": owners.token("/manage/")})
    stranger = Browser(base)
    answers = []
    for _ in range(11):  # eleven wrong passwords
        status, headers, _ = stranger.sign_in(email, "wrong-password-guess")
        answers.append(f"{status}" + (f"/{headers['Retry-After']}s" if status == 429 else ""))
    # Waits start at LOGIN_DELAY_SECONDS and double: some guesses are refused unchecked.
    check("stranger held back", any(a.startswith("429") for a in answers), " ".join(answers))
    started = time.monotonic()
    status = owners.sign_in(email, password)[0]
    check("owner's browser signs in", status == 303,
          f"{status} in {time.monotonic() - started:.2f} s")  # fmt: skip
    status, headers, _ = Browser(base).sign_in(email, password)
    check("a new browser with the right password waits", status == 429,
          f"{status} Retry-After {headers.get('Retry-After')}")  # fmt: skip

    # 5. A remote image in Markdown: the preview drops it, a save is refused.
    remote = "Look: ![tracker](http://evil.example/pixel.png) and <img src=//evil.example/i.png>"
    token = admin.token("/manage/page/new")
    status, _, body = admin.request(
        "POST", "/manage/preview?field=body", {"csrf_token": token, "body": remote}
    )
    # Raw HTML comes back as escaped text; what matters is that no element loads it.
    loads = re.findall(rb"<[a-z]+[^>]*evil\.example[^>]*>", body)
    check("preview loads nothing remote", status == 200 and not loads, f"{status} {body[:80]!r}")
    form = admin.request("GET", "/manage/page/new")[2].decode()
    fields = dict(re.findall(r'name="(csrf_token|resume_stamp)"[^>]*value="([^"]*)"', form))
    status, _, body = admin.request("POST", "/manage/page/new", {
        **fields, "base_revision": "", "resolves": "", "title": "Remote image",
        "slug": f"remote-image-{int(time.time())}", "summary": "", "body": remote,
        "change_note": "",
    })  # fmt: skip
    check("save with a remote image refused", status == 422, f"{status}")

    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
