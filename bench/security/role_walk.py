"""Role walk: every /manage route, every method, every role, against a running server.

    PYTHONPATH=$PWD ROUNDTABLE_INSTANCE_PATH=/tmp/scan-instance \
        .venv/bin/python bench/security/role_walk.py http://127.0.0.1:8137 accounts.json

accounts.json maps "admin", "editor", "partner" and "target" to [email, password]: three
accounts to walk with (the partner's organisation set) and a fourth, never walked with,
whose id and session the routes about other users are pointed at. The walker's own
sessions must be its own: "end other sessions" is one of the routes.

For each role (anonymous, partner, editor, admin) the routes of app.url_map under /manage
are sent GET, POST, PUT, PATCH and DELETE with a valid CSRF token, the URL arguments filled
with real ids (a page made for the walk, a meeting's attachment, minutes, an application,
the target account and one of its sessions). First, every route that takes a POST is sent
one as another site's form would be (``Sec-Fetch-Site: cross-site``, and ``Origin`` alone
as older browsers do), and the database is compared before and after.

Checks: no answer of 500 or more; anonymous never 200 under /manage; each role gets in
exactly where tests/test_manage_access.py's EXPECTED says; every cross-site POST is a 403
and the database is unchanged by them. Exits 1 if any check fails. Bounded: about 2,300
requests, each with a 60 s timeout.
"""

import collections
import hashlib
import re
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from client import Browser, load_accounts  # noqa: E402
from werkzeug.exceptions import MethodNotAllowed  # noqa: E402
from werkzeug.routing import RequestRedirect  # noqa: E402

from app import create_app  # noqa: E402

METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]
# Changes the walk makes that would stop later routes being tried: last.
LAST = ["editing.purge", "accounts.manage.set_enabled"]
# Tables a cross-site POST must leave as they were. Left out: the audit log, sign-in
# counts, session times (written by every request) and join applications (public form).
SKIP_TABLES = {"audit_event", "sign_in_failures", "join_application", "sign_in_session"}


def fingerprint(db_path: Path) -> dict:
    con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    tables = [
        name for (name,) in con.execute("select name from sqlite_master where type='table'")
        if name not in SKIP_TABLES and not name.startswith(("sqlite_", "organisation_fts"))
    ]  # fmt: skip
    prints = {}
    for table in tables:
        digest = hashlib.sha256()
        for row in con.execute(f'select * from "{table}" order by 1'):  # noqa: S608 (own names)
            digest.update(repr(row).encode())
        prints[table] = digest.hexdigest()
    prints["sign_in_session"] = repr(
        con.execute("select id, user_id from sign_in_session order by id").fetchall()
    )
    con.close()
    return prints


def main(base: str, accounts_file: str) -> int:  # noqa: C901, PLR0915 (one walk)
    started = time.monotonic()
    app = create_app()
    from tests.test_manage_access import EXPECTED  # after the app: its imports need it

    db_path = Path(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///"))
    accounts = load_accounts(Path(accounts_file))
    browsers = {"anonymous": Browser(base)}
    for role in ("partner", "editor", "admin"):
        browsers[role] = Browser(base)
        status, _, _ = browsers[role].sign_in(*accounts[role])
        assert status == 303, f"{role} could not sign in: {status}"

    # Real ids for the URL arguments.
    target = Browser(base)
    assert target.sign_in(*accounts["target"])[0] == 303
    editor = browsers["editor"]
    form = editor.request("GET", "/manage/page/new")[2].decode()
    fields = dict(re.findall(r'name="(csrf_token|resume_stamp)"[^>]*value="([^"]*)"', form))
    status, headers, _ = editor.request("POST", "/manage/page/new", {
        **fields, "base_revision": "", "resolves": "", "title": "Role walk",
        "slug": f"role-walk-{int(time.time())}", "summary": "", "body": "Walked.",
        "change_note": "",
    })  # fmt: skip
    assert status == 303, f"could not make the walk's page: {status}"
    page_id = int(headers["Location"].rstrip("/").split("/")[-2])
    anonymous = Browser(base)
    token = anonymous.token("/partners/apply/")
    applied = anonymous.request("POST", "/partners/apply/", {
        "csrf_token": token, "name": "Role walk applicant", "short_name": "", "stakeholder_group":
        "civil-society", "country": "VN", "city": "Hue", "website": "", "description": "Walk.",
        "sdgs": "6", "contribution": "Walk.", "contact_name": "A", "contact_role": "",
        "contact_email": "walk@example.org", "contact_phone": "", "homepage": "",
    })[0]  # fmt: skip
    print("application sent:", applied)
    con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    one = lambda sql, *args: (con.execute(sql, args).fetchone() or [None])[0] or 1  # noqa: E731
    target_id = one("select id from user_account where email = ?", accounts["target"][0])
    ids = {
        "record_type": "page",
        "record_id": page_id,
        "revision_id": one(
            "select max(id) from revision where record_type='page' and record_id = ?", page_id
        ),  # fmt: skip
        "user_id": target_id,
        "session_id": one("select max(id) from sign_in_session where user_id = ?", target_id),
        "application_id": one("select max(id) from join_application"),
        "language": "fr",
        "verb": "accept",
        "attachment_id": 1,
    }
    minutes_id = one("select min(id) from minutes")
    attachment = con.execute("select id, record_type, record_id from attachment").fetchone()
    con.close()
    print("ids:", ids, "minutes", minutes_id, "attachment", attachment)

    rules = [rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/manage")]
    rules.sort(key=lambda rule: (rule.endpoint in LAST, LAST.index(rule.endpoint)
                                 if rule.endpoint in LAST else 0, rule.endpoint))  # fmt: skip
    urls = []
    for rule in rules:
        values = {name: ids[name] for name in rule.arguments}
        if rule.endpoint.startswith("meetings.") and "record_id" in values:
            values["record_id"] = minutes_id
        if "attachment_id" in values:
            values.update(attachment_id=attachment[0], record_type=attachment[1],
                          record_id=attachment[2])  # fmt: skip
        verbs = ["disable", "enable"] if rule.endpoint == "accounts.manage.set_enabled" else [None]
        for verb in verbs:
            if verb:
                values["verb"] = verb
            url = rule.build(values)[1]
            if url not in urls:
                urls.append(url)

    adapter = app.url_map.bind("127.0.0.1")

    def endpoint_for(url, method):
        """The endpoint a method on a URL reaches, "405" or "308" (a slash added)."""
        try:
            return adapter.match(url, method=method)[0]
        except MethodNotAllowed:
            return "405"
        except RequestRedirect:
            return "308"

    problems = []
    counts = collections.Counter()
    statuses = collections.Counter()

    # 1. Cross-site POSTs with a valid token: all 403, nothing changed.
    before = fingerprint(db_path)
    for role, browser in browsers.items():
        token = browser.token("/login" if role == "anonymous" else "/manage/account/")
        for url in urls:
            for headers in ({"Sec-Fetch-Site": "cross-site", "Origin": "http://evil.example"},
                            {"Origin": "http://evil.example"}):  # fmt: skip
                status = browser.request("POST", url, {"csrf_token": token}, headers)[0]
                counts["cross-site"] += 1
                statuses[("cross-site", status)] += 1
                if status != 403:
                    problems.append(f"cross-site POST {url} as {role} {headers}: {status}")
    after = fingerprint(db_path)
    changed = sorted(table for table in before if before[table] != after.get(table))
    if changed:
        problems.append(f"cross-site POSTs changed tables: {changed}")

    # 2. Every method, every role, with a valid CSRF token.
    for role in ("anonymous", "partner", "editor", "admin"):
        browser = browsers[role]
        for url in urls:
            for method in METHODS:
                token = browser.token("/login" if role == "anonymous" else "/manage/account/")
                data = {"csrf_token": token} if method != "GET" else None
                headers = {"X-CSRFToken": token} if method != "GET" else {}
                status, answer, _ = browser.request(method, url, data, headers)
                counts[role] += 1
                statuses[(role, status)] += 1
                endpoint = endpoint_for(url, method)
                where = f"{method} {url} ({endpoint}) as {role}: {status}"
                if status >= 500:
                    problems.append(where)
                elif role == "anonymous":
                    if status == 200 or (status in (302, 303) and "/login" not in
                                         answer.get("Location", "")):  # fmt: skip
                        problems.append(where)
                elif endpoint in ("405", "308"):
                    # No route takes this method here; refusing the role first is as good.
                    if status not in (int(endpoint), 403):
                        problems.append(where)
                elif (status in (401, 403)) if role in EXPECTED[endpoint] else status != 403:
                    problems.append(where)
        # The walk's own session must have lasted through it.
        if role != "anonymous" and browser.request("GET", "/manage/")[0] != 200:
            problems.append(f"{role}'s session ended during the walk")

    print("requests:", dict(counts), "total", sum(counts.values()))
    print("answers:", dict(sorted(statuses.items())))
    print(f"duration: {time.monotonic() - started:.0f} s")
    print("problems:", len(problems))
    for problem in problems:
        print("  ", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
