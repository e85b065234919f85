"""The static export of the demo site: links, budgets, privacy, the zip, sub-paths.

The demo is what `flask setup --demo` loads (the bundled guideline, the coalition's
meetings, minutes, decisions, reports and funding) and two plain pages, one with a file.
Tests that only read the demo's export share one (``exported``, made once per backend);
tests that change the site or export it otherwise work on a copy of the demo (``demo``).
"""

import gzip
import json
import re
import zipfile
from html import unescape
from pathlib import Path

import brotli
import pytest
from werkzeug.exceptions import NotFound
from werkzeug.middleware.shared_data import SharedDataMiddleware
from werkzeug.test import Client

from app.export import register_public_urls, run_export
from app.export.manifest import MANIFEST_NAME
from app.extensions import db
from tests.conftest import make_app
from tests.export_helpers import (
    all_text,
    broken_links,
    crawl,
    html_files,
    is_internal,
    manifest_pages,
    parse,
    resolve,
)

FIRST_ROUND_TRIP = 14 * 1024  # bytes: ten TCP segments, what arrives before the first ACK


@pytest.fixture
def exported(demo_template):
    """The folder of the demo's full export, shared: tests only read it."""
    return demo_template.exported()


def test_every_page_is_a_folder_with_index_html(exported):
    assert (exported / "index.html").is_file()
    for name in ("sitemap.xml", "robots.txt", "404.html", "static/css/site.css"):
        assert (exported / name).is_file(), name


def test_links_are_relative_and_folders_open_as_files(exported):
    """Every internal link and asset opens a file, by a path relative to its page."""
    assert html_files(exported)
    for page in html_files(exported):
        for _tag, _attribute, url in parse(page).links:
            if not is_internal(url):
                continue
            assert not url.startswith("/"), f"{page.name}: {url} depends on the server root"
            target = resolve(exported, page, url)
            # A browser opening files shows a folder listing, not the page, for "partners/".
            assert target is not None and target.is_file(), f"{page.name}: {url}"


def gzip_size_with_css(root, page) -> list[int]:
    """The gzip-compressed sizes of a page and of the stylesheets it needs to be shown."""
    stylesheets = [
        resolve(root, page, url)
        for tag, attribute, url in parse(page).links
        if tag == "link" and url.endswith(".css") and "print" not in url
    ]
    assert stylesheets, f"{page.relative_to(root)} links its stylesheet"
    return [len(gzip.compress(path.read_bytes(), 9)) for path in [page, *stylesheets]]


@pytest.mark.parametrize("kind", ["home", "guideline step", "meeting"])
def test_budget_pages_and_their_css_fit_in_the_first_round_trip(exported, kind):
    """The home, every step of the guideline and every meeting arrive in one round trip.

    (The partner page, the fourth page with this budget, comes with the directory.)
    """
    pages = {
        "home": [exported / "index.html"],
        # /guidelines/<module>/<step>/index.html
        "guideline step": sorted((exported / "guidelines").glob("*/*/index.html")),
        "meeting": sorted((exported / "meetings").glob("20*/index.html")),
    }[kind]
    pages = [page for page in pages if "cases" not in page.parts]
    assert len(pages) >= {"home": 1, "guideline step": 12, "meeting": 10}[kind]
    for page in pages:
        sizes = gzip_size_with_css(exported, page)
        assert sum(sizes) <= FIRST_ROUND_TRIP, (page.relative_to(exported), sizes)


SEARCH_PAGES = {f"{language}search/index.html" for language in ("", "fr/", "es/", "ar/")}


def test_no_page_needs_javascript_to_be_read(exported):
    for page in html_files(exported):
        if page.relative_to(exported).as_posix() in SEARCH_PAGES:
            # Searching the copy runs Pagefind's script; without it the page links to the
            # A–Z index (tests/test_export_search.py), which, like every page, has none.
            continue
        assert parse(page).scripts == 0, f"{page.relative_to(exported)} loads a script"


# What the site's policy becomes in a <meta> element: frame-ancestors cannot be set there.
META_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'self'; "
    "object-src 'none'"
)


def test_no_request_leaves_the_site(exported):
    """Nothing in a page loads from elsewhere, and each page carries the site's policy, so
    that a reader's browser loads nothing from elsewhere even with no server to send it."""
    for page in html_files(exported):
        html = page.read_text(encoding="utf-8")
        policy = META_POLICY
        if page.relative_to(exported).as_posix() in SEARCH_PAGES:
            policy = policy.replace("script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'")
        head = unescape(html[: html.index("<title>")])
        assert f'<meta http-equiv="Content-Security-Policy" content="{policy}">' in head, page
        for url in parse(page).loaded:
            # A data: URL (the empty favicon) is inside the page, not a request.
            assert is_internal(url) or url.startswith("data:"), (
                f"{page.relative_to(exported)} loads {url}"
            )
    for stylesheet in exported.rglob("*.css"):
        css = stylesheet.read_text(encoding="utf-8")
        assert "url(http" not in css and "url(//" not in css and "@import url(" not in css


def test_the_export_has_no_sign_in_link_and_no_coordinators_pages(demo, exported, client):
    assert "Coordinators: sign in" in client.get("/").get_data(as_text=True)  # live, yes
    text = all_text(exported)
    assert "Coordinators: sign in" not in text
    assert 'name="csrf_token"' not in text
    assert not (exported / "login").exists() and not (exported / "manage").exists()
    # Nothing rendered names the coordinators' side; robots.txt tells crawlers to keep out,
    # and the static files are copied as they are (manage.css among them).
    for path in exported.rglob("*"):
        name = path.relative_to(exported).as_posix()
        if not path.is_file() or name.startswith(("robots.txt", "static/", MANIFEST_NAME)):
            continue
        text = path.read_bytes().decode("utf-8", errors="replace")
        assert "/login" not in text and "/manage" not in text, name


def test_a_coordinators_url_declared_public_stops_the_export(app, tmp_path):
    register_public_urls(app, lambda: ["/manage/secret/"])
    with app.app_context():
        report = run_export(tmp_path / "site")
    assert not report.ok
    assert [(p.kind, p.url) for p in report.problems] == [("private", "/manage/secret/")]
    assert not (tmp_path / "site").exists()


def test_compressed_copies_match_the_files(exported):
    page = exported / "index.html"
    assert gzip.decompress((exported / "index.html.gz").read_bytes()) == page.read_bytes()
    # The page's gzip copy arrives in the first round trip: a Brotli copy would not help.
    assert not (exported / "index.html.br").exists()
    css = exported / "static/css/site.css"
    assert gzip.decompress((exported / "static/css/site.css.gz").read_bytes()) == css.read_bytes()
    [script] = (exported / "static/vendor").glob("htmx-*.min.js")
    brotli_copy = script.with_name(script.name + ".br")
    assert brotli.decompress(brotli_copy.read_bytes()) == script.read_bytes()


def test_the_zip_opens_and_navigates_from_files(demo_template, tmp_path):
    bundle = demo_template.bundle
    assert demo_template.report.zip_path == bundle
    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(bundle) as archive:
        names = archive.namelist()
        archive.extractall(unpacked)
    assert all(name.startswith(f"{bundle.stem}/") for name in names)
    assert not [name for name in names if name.endswith((".gz", ".br", MANIFEST_NAME))]
    root = unpacked / bundle.stem
    assert "Mekong Delta Water Partnership" in (root / "index.html").read_text(encoding="utf-8")
    assert broken_links(root) == []


def test_the_export_works_served_from_any_sub_path(exported):
    for mount in ("/", "/deep/sub/path/"):
        server = SharedDataMiddleware(NotFound(), {mount.rstrip("/") or "/": str(exported)})
        statuses = crawl(Client(server), mount + "index.html")
        assert {url: status for url, status in statuses.items() if status != 200} == {}, mount
        assert {
            mount + "index.html",
            mount + "pages/about/index.html",
            mount + "static/css/site.css",
        } <= statuses.keys()


BASE_URL = "https://example.org/deep/sub/path"


@pytest.fixture(scope="module")
def exported_for_an_address(demo_template, tmp_path_factory):
    """The demo exported for ``BASE_URL``, with a sitemap of at most 100 URLs a part."""
    folder = tmp_path_factory.mktemp("address")
    app = demo_template.copy(folder / "instance", SITEMAP_MAX_URLS=100)
    with app.app_context():
        report = run_export(folder / "site", base_url=BASE_URL)
    demo_template.discard(app)
    assert report.ok, report.problems
    return folder / "site"


def sitemap_parts(out) -> list[str]:
    index = (out / "sitemap.xml").read_text(encoding="utf-8")
    return [
        (out / "sitemaps" / f"{number}.xml").read_text(encoding="utf-8")
        for number in range(1, index.count("<sitemap>") + 1)
    ]


def test_404_page_links_from_the_site_root_when_the_base_url_is_known(exported_for_an_address):
    out = exported_for_an_address
    server = SharedDataMiddleware(NotFound(), {"/deep/sub/path": str(out)})
    client = Client(server)
    # A server shows 404.html for any missing address; its links must work from anywhere.
    links = [link for _t, _a, link in parse(out / "404.html").links if is_internal(link)]
    assert links and all(link.startswith("/deep/sub/path/") for link in links)
    for link in links:
        response = client.get(link + ("index.html" if link.endswith("/") else ""))
        assert response.status_code == 200, link
        response.close()
    assert any(f"<loc>{BASE_URL}/</loc>" in part for part in sitemap_parts(out))
    robots = (out / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {BASE_URL}/sitemap.xml" in robots


def test_a_large_sitemap_is_exported_as_an_index_and_its_parts(exported_for_an_address):
    out = exported_for_an_address
    index = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert index.count("<sitemap>") >= 2 and "<urlset" not in index
    listed = []
    for number, part in enumerate(sitemap_parts(out), start=1):
        assert f"<loc>{BASE_URL}/sitemaps/{number}.xml</loc>" in index
        chunk = re.findall(f"<loc>{re.escape(BASE_URL)}(/.*?)</loc>", part)
        assert 0 < len(chunk) <= 100
        listed += chunk
    declared = [path for path, entry in manifest_pages(out).items()
                if entry["seed"] and path.endswith("/") and entry["status"] == 200]  # fmt: skip
    assert sorted(listed) == sorted(declared)


def test_freeze_command_exports_to_the_export_folder_setting_and_bundles(tmp_path):
    # A site without records: the command's options and output are the point here.
    app = make_app(tmp_path / "instance")
    with app.app_context():
        db.create_all()
    bundle = tmp_path / "bundle.zip"
    result = app.test_cli_runner().invoke(args=["freeze", "--zip", str(bundle)])
    assert result.exit_code == 0, result.output
    out = Path(app.config["EXPORT_FOLDER"])
    assert out == Path(app.instance_path) / "export"
    pages = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))["pages"]
    assert f"Checked {len(pages)} pages, wrote " in result.output
    assert f"offline copy {bundle.resolve()} (" in result.output
    assert "no --base-url" in result.output
    assert (out / "index.html").is_file() and zipfile.is_zipfile(bundle)


def test_freeze_command_with_out_writes_there(tmp_path):
    app = make_app(tmp_path / "instance")
    with app.app_context():
        db.create_all()
    out = tmp_path / "out"
    result = app.test_cli_runner().invoke(args=["freeze", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "index.html").is_file() and not Path(app.config["EXPORT_FOLDER"]).exists()


def test_freeze_command_refuses_a_malformed_base_url(app, tmp_path):
    result = app.test_cli_runner().invoke(
        args=["freeze", "--out", str(tmp_path / "out"), "--base-url", "example.org"]
    )
    assert result.exit_code == 2
    assert "must look like https://example.org/path/" in result.output


# -- the whole public site ----------------------------------------------------------------


def test_every_published_record_of_the_demo_has_its_page_or_file(demo, demo_template):
    from app.decisions.services import filter_options, state_slug, states_in_use
    from app.guideline.services import load_guide
    from app.meetings import services as meetings
    from app.reports.services import ReportFilters, search_reports
    from app.uploads.services import path_of, public_attachments

    out, report = demo_template.exported(), demo_template.report
    with demo.test_request_context():
        # Every public route of every part is declared: nothing is left out unnoticed.
        assert report.unexported_endpoints == []

        guide = load_guide()
        expected = ["guidelines/", "guidelines/where-we-are/", "guidelines/cases/",
                    "guidelines/success-factors/", "guidelines/governance/"]  # fmt: skip
        expected += [f"guidelines/{m.slug}/" for m in guide.modules]
        expected += [f"guidelines/{s.module}/{s.slug}/" for s in guide.steps]
        expected += [f"guidelines/cases/{c.slug}/" for c in guide.cases]
        expected += ["meetings/", "decisions/", "reports/", "funding/", "pages/about/",
                     "pages/join/"]  # fmt: skip
        expected += [f"meetings/bodies/{b.slug}/" for b in meetings.published_bodies()]
        published = meetings.published_meetings()
        expected += [f"meetings/{m.key}/" for m in published]
        expected += [f"decisions/year/{year}/" for year in filter_options().years]
        expected += [f"decisions/status/{state_slug(s)}/" for s in states_in_use()]
        reports = search_reports(ReportFilters())
        expected += [f"reports/{r.slug}/" for r in reports]
        for page in expected:
            assert (out / page / "index.html").is_file(), page

        minutes = meetings.public_minutes_by_meeting(published)
        assert len(minutes) >= 5
        for meeting_id, record in minutes.items():
            key = next(m.key for m in published if m.id == meeting_id)
            for version in record.versions:
                text = (out / f"meetings/{key}/minutes-v{version.number}.md").read_bytes()
                assert text == version.text.encode("utf-8")

        files = public_attachments()
        assert {a.original_name for a in files} >= {"founding charter.pdf", "mou.pdf"}
        for attachment in files:
            exported = out / f"files/{attachment.id}/{attachment.original_name}"
            assert exported.read_bytes() == path_of(attachment).read_bytes()
        assert len(files) == len(list((out / "files").glob("*/*.pdf")))

    feeds = ["feed.xml", "meetings/upcoming.ics"]
    feeds += [f"{kind}/feed.xml" for kind in ("meetings", "decisions", "reports", "funding")]
    feeds += [f"data/{name}.{fmt}" for name in ("meetings", "decisions", "actions", "reports",
              "funding") for fmt in ("csv", "json")]  # fmt: skip
    for name in feeds:
        assert (out / name).is_file(), name
    assert json.loads((out / "data/reports.json").read_text())["count"] == len(reports)


def test_the_register_and_the_reports_link_to_pre_rendered_views_instead_of_filters(exported):
    register = (exported / "decisions/index.html").read_text(encoding="utf-8")
    reports = (exported / "reports/index.html").read_text(encoding="utf-8")
    for page in (register, reports):
        assert "<form" not in page and "hx-" not in page and "<script" not in page
    links = {url for _tag, _attribute, url in parse(exported / "decisions/index.html").links}
    assert "status/agreed/index.html" in links
    years = sorted(path.name for path in (exported / "decisions/year").iterdir())
    assert years and {f"year/{year}/index.html" for year in years} <= links

    # A view shows what it says, marks itself as the current view, and leads back.
    agreed = (exported / "decisions/status/agreed/index.html").read_text(encoding="utf-8")
    assert "<h1>Decisions and actions: Agreed</h1>" in agreed
    assert '<a href="index.html" aria-current="page">Agreed</a>' in agreed
    assert '<a href="../../index.html">Show everything</a>' in agreed
    assert "state-agreed" in agreed
    assert "state-implemented" not in agreed and "state-superseded" not in agreed

    annual = (exported / "reports/type/annual/index.html").read_text(encoding="utf-8")
    assert "Annual report " in annual and "Mid-term evaluation" not in annual
    assert "Mid-term evaluation" in reports


def test_drafts_trashed_records_and_unapproved_minutes_never_reach_the_export(demo, tmp_path):
    from sqlalchemy import select

    from app.decisions.models import Decision
    from app.editing.services import create_record, publish_record, save_record, trash_record
    from app.extensions import db
    from app.meetings.models import Meeting, Minutes, MinutesStage
    from app.pages.models import Page
    from app.reports.models import Report
    from tests.export_helpers import add_page

    marker = "MARKER-5d1c-not-public"
    demo.add_url_rule("/manage/secret/", "manage_secret", lambda: f"<p>{marker}</p>")
    with demo.app_context():
        add_page(f"Draft {marker}", "draft-page", f"Draft {marker}", publish=False,
                 file=("draft notes.pdf", marker))  # fmt: skip
        # A published page whose next version is still a draft: the public sees the last
        # published text.
        about = db.session.scalar(select(Page).where(Page.slug == "about"))
        save_record(about, {"body": f"Rewritten {marker}"}, about.head_revision_id, None)
        # The demo's minutes that are not approved: a draft and a circulated text.
        unapproved = db.session.scalars(
            select(Minutes).where(Minutes.stage != MinutesStage.APPROVED)
        ).all()
        assert {m.stage for m in unapproved} == {MinutesStage.DRAFT, MinutesStage.CIRCULATED}
        for minutes in unapproved:
            save_record(minutes, {"body": f"Minutes {marker}"}, minutes.head_revision_id, None)
        # A report that was public, then put in the trash, with its file.
        report = create_record(
            Report,
            {"title": f"Withdrawn {marker}", "slug": "withdrawn", "report_type": "other",
             "issued_on": "2025-06-01", "language": "en", "summary": marker, "sdgs": []},
            None,
        )  # fmt: skip
        from app.demo.pdf import simple_pdf
        from app.uploads.services import store_attachment

        store_attachment(report, simple_pdf(marker, [marker]), "withdrawn.pdf", None)
        publish_record(report, None)
        trash_record(report, None)
        # A draft decision of a published meeting.
        meeting = db.session.scalar(select(Meeting).where(Meeting.status == "published"))
        create_record(
            Decision,
            {"number": "DRAFT-1", "title": f"Draft {marker}", "text": marker,
             "meeting_id": meeting.id, "state": "agreed", "links": []},
            None,
        )  # fmt: skip

    out, bundle = tmp_path / "site", tmp_path / "site.zip"
    with demo.app_context():
        report = run_export(out, zip_path=bundle)
    assert report.ok, report.problems
    assert marker not in all_text(out)
    with zipfile.ZipFile(bundle) as archive:
        for name in archive.namelist():
            assert marker.encode() not in archive.read(name), name
    assert "How we came together." in (out / "pages/about/index.html").read_text("utf-8")
    assert not (out / "pages/draft-page").exists() and not (out / "reports/withdrawn").exists()
    names = {path.name for path in (out / "files").glob("*/*")}
    assert "founding charter.pdf" in names
    assert not names & {"draft notes.pdf", "withdrawn.pdf"}


@pytest.mark.parametrize(
    ("values", "summary"),
    [
        ({"pages": 759, "changed_files": 3, "seconds": 4.04},
         "Checked 759 pages, wrote 3 changed files to {out} in 4.0 s."),
        ({"pages": 1, "changed_files": 1, "seconds": 0.5},
         "Checked 1 page, wrote 1 changed file to {out} in 0.5 s."),
        ({"mode": "incremental", "pages": 759, "rendered": ["/a/", "/b/"], "changed_files": 0,
          "removed": ["/c/"], "seconds": 1.0},
         "Checked the 2 pages that depend on the changes (of 759), wrote 0 changed files to "
         "{out} in 1.0 s, removed 1 page no longer public."),
    ],
)  # fmt: skip
def test_the_freeze_summary_says_what_was_checked_and_written(tmp_path, values, summary):
    from app.export.report import ExportReport

    report = ExportReport(out_dir=tmp_path, **values)
    assert report.summary() == summary.format(out=tmp_path)
