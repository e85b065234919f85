"""The static export of the demo site: links, budgets, privacy, the zip, sub-paths."""

import gzip
import json
import zipfile

import brotli
import pytest
from werkzeug.exceptions import NotFound
from werkzeug.middleware.shared_data import SharedDataMiddleware
from werkzeug.test import Client

from app.demo import load_demo
from app.export import register_public_urls, run_export
from app.export.manifest import MANIFEST_NAME
from tests.export_helpers import (
    all_text,
    broken_links,
    crawl,
    html_files,
    is_internal,
    notes_blueprint,
    parse,
    resolve,
)

FIRST_ROUND_TRIP = 14 * 1024  # bytes: ten TCP segments, what arrives before the first ACK


@pytest.fixture
def demo(app):
    with app.app_context():
        load_demo()
    return app


@pytest.fixture
def exported(demo, tmp_path):
    """The demo coalition exported to a folder; returns the folder."""
    out = tmp_path / "site"
    with demo.app_context():
        report = run_export(out)
    assert report.ok, report.problems
    return out


def test_every_page_is_a_folder_with_index_html(exported):
    assert (exported / "index.html").is_file()
    for name in ("sitemap.xml", "robots.txt", "404.html", "static/css/site.css"):
        assert (exported / name).is_file(), name


def test_every_internal_link_and_asset_resolves_as_a_file(exported):
    assert html_files(exported)
    assert broken_links(exported) == []


def test_links_are_relative_and_folders_open_as_files(exported):
    for page in html_files(exported):
        for _tag, _attribute, url in parse(page).links:
            if not is_internal(url):
                continue
            assert not url.startswith("/"), f"{page.name}: {url} depends on the server root"
            target = resolve(exported, page, url)
            # A browser opening files shows a folder listing, not the page, for "partners/".
            assert target is not None and target.is_file(), f"{page.name}: {url}"


def test_home_page_and_its_css_fit_in_the_first_round_trip(exported):
    page = exported / "index.html"
    stylesheets = [
        resolve(exported, page, url)
        for tag, attribute, url in parse(page).links
        if tag == "link" and url.endswith(".css") and "print" not in url
    ]
    assert stylesheets, "the home page links its stylesheet"
    sizes = [len(gzip.compress(path.read_bytes(), 9)) for path in [page, *stylesheets]]
    assert sum(sizes) <= FIRST_ROUND_TRIP, sizes


def test_no_page_needs_javascript_to_be_read(exported):
    for page in html_files(exported):
        assert parse(page).scripts == 0, f"{page.relative_to(exported)} loads a script"


def test_no_request_leaves_the_site(exported):
    for page in html_files(exported):
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
    for path in exported.rglob("*"):
        if path.is_file() and path.name not in ("robots.txt", "robots.txt.gz", "robots.txt.br"):
            assert "/login" not in path.read_bytes().decode("utf-8", errors="replace")


def test_marker_on_a_coordinators_page_never_reaches_the_export(demo, tmp_path):
    marker = "MARKER-7f3a-coordinators-only"
    demo.add_url_rule("/manage/secret", "manage_secret", lambda: f"<p>{marker}</p>")
    out = tmp_path / "site"
    bundle = tmp_path / "site.zip"
    with demo.app_context():
        assert run_export(out, zip_path=bundle).ok
    assert marker not in all_text(out)
    with zipfile.ZipFile(bundle) as archive:
        for name in archive.namelist():
            assert marker.encode() not in archive.read(name)


def test_a_coordinators_url_declared_public_stops_the_export(demo, tmp_path):
    register_public_urls(demo, lambda: ["/manage/secret/"])
    with demo.app_context():
        report = run_export(tmp_path / "site")
    assert not report.ok
    assert [(p.kind, p.url) for p in report.problems] == [("private", "/manage/secret/")]
    assert not (tmp_path / "site").exists()


def test_compressed_copies_match_the_files(exported):
    page = exported / "index.html"
    assert gzip.decompress((exported / "index.html.gz").read_bytes()) == page.read_bytes()
    assert brotli.decompress((exported / "index.html.br").read_bytes()) == page.read_bytes()
    css = exported / "static/css/site.css"
    assert gzip.decompress((exported / "static/css/site.css.gz").read_bytes()) == css.read_bytes()


def test_the_zip_opens_and_navigates_from_files(demo, tmp_path):
    bundle = tmp_path / "coalition.zip"
    with demo.app_context():
        report = run_export(tmp_path / "site", zip_path=bundle)
    assert report.ok and report.zip_path == bundle
    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(bundle) as archive:
        names = archive.namelist()
        archive.extractall(unpacked)
    assert all(name.startswith("coalition/") for name in names)
    assert not [name for name in names if name.endswith((".gz", ".br", MANIFEST_NAME))]
    root = unpacked / "coalition"
    assert "Mekong Delta Water Partnership" in (root / "index.html").read_text(encoding="utf-8")
    assert broken_links(root) == []


@pytest.mark.parametrize("mount", ["/", "/deep/sub/path/"])
def test_the_export_works_served_from_any_sub_path(demo, tmp_path, mount):
    demo.register_blueprint(notes_blueprint({"water": "Clean water.", "dams": "No dams."}))
    out = tmp_path / "site"
    with demo.app_context():
        assert run_export(out).ok
    server = SharedDataMiddleware(NotFound(), {mount.rstrip("/") or "/": str(out)})
    client = Client(server)
    statuses = crawl(client, mount + "notes/index.html") | crawl(client, mount + "index.html")
    assert {url: status for url, status in statuses.items() if status != 200} == {}
    assert {
        mount + "index.html",
        mount + "notes/water/index.html",
        mount + "static/css/site.css",
    } <= statuses.keys()


def test_404_page_links_from_the_site_root_when_the_base_url_is_known(demo, tmp_path):
    out = tmp_path / "site"
    with demo.app_context():
        report = run_export(out, base_url="https://example.org/deep/sub/path")
    assert report.ok, report.problems
    server = SharedDataMiddleware(NotFound(), {"/deep/sub/path": str(out)})
    client = Client(server)
    # A server shows 404.html for any missing address; its links must work from anywhere.
    links = [link for _t, _a, link in parse(out / "404.html").links if is_internal(link)]
    assert links and all(link.startswith("/deep/sub/path/") for link in links)
    for link in links:
        response = client.get(link + ("index.html" if link.endswith("/") else ""))
        assert response.status_code == 200, link
        response.close()
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://example.org/deep/sub/path/</loc>" in sitemap
    robots = (out / "robots.txt").read_text(encoding="utf-8")
    assert "Sitemap: https://example.org/deep/sub/path/sitemap.xml" in robots


def test_freeze_command_exports_and_bundles(demo, tmp_path):
    runner = demo.test_cli_runner()
    out, bundle = tmp_path / "out", tmp_path / "bundle.zip"
    result = runner.invoke(args=["freeze", "--out", str(out), "--zip", str(bundle)])
    assert result.exit_code == 0, result.output
    pages = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))["pages"]
    assert f"Exported {len(pages)} pages" in result.output
    assert "no --base-url" in result.output
    assert (out / "index.html").is_file() and zipfile.is_zipfile(bundle)


def test_freeze_command_uses_the_export_folder_setting(demo):
    result = demo.test_cli_runner().invoke(args=["freeze"])
    assert result.exit_code == 0, result.output
    assert (demo.config["EXPORT_FOLDER"] + "/index.html").endswith("export/index.html")
    with open(demo.config["EXPORT_FOLDER"] + "/index.html", encoding="utf-8") as page:
        assert "Mekong Delta Water Partnership" in page.read()


def test_freeze_command_refuses_a_malformed_base_url(demo, tmp_path):
    result = demo.test_cli_runner().invoke(
        args=["freeze", "--out", str(tmp_path / "out"), "--base-url", "example.org"]
    )
    assert result.exit_code == 2
    assert "must look like https://example.org/path/" in result.output
