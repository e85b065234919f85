"""Search in the static export: the Pagefind index, the exported search page, and the A–Z
index that works without JavaScript and from files."""

import gzip
import json
import re

import pytest

from app.editing.services import trash_record
from app.export import run_export
from app.export.files import SIBLINGS
from app.export.manifest import MANIFEST_NAME
from app.extensions import db
from app.pages.services import published_pages
from app.partners.models import Partner
from app.reports.services import ReportFilters, search_reports
from tests.export_helpers import add_page, broken_links, parse
from tests.partners_helpers import make_partner


def indexed_fragments(root) -> list[str]:
    """Each page of the Pagefind index as the JSON text of its fragment (gzipped on disk)."""
    texts = []
    for fragment in sorted((root / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes())
        # Each fragment starts with a short signature, then the page as JSON.
        texts.append(data[data.index(b"{") :].decode("utf-8"))
    return texts


def indexed_text(root) -> str:
    """The text of every page in the Pagefind index."""
    return "\n".join(indexed_fragments(root))


def indexed_pages(root) -> dict[str, str]:
    """Each indexed page's URL and the text the index holds of it."""
    return {json.loads(fragment)["url"]: fragment for fragment in indexed_fragments(root)}


def indexed_urls(root) -> set[str]:
    return set(re.findall(r'"url":"([^"]+)"', indexed_text(root)))


@pytest.fixture(scope="module")
def searchable(demo_template, tmp_path_factory):
    """``(app, folder)``: the demo with a partner on several lists, a draft page, a draft
    and a trashed partner, exported once for the tests that only read it."""
    folder = tmp_path_factory.mktemp("searchable")
    app = demo_template.copy(folder / "instance")
    make_partner(app, name="Ibis Delta Cooperative", slug="ibis-delta", country="KH",
                 stakeholder_group="academia", sdgs=[6, 13])  # fmt: skip
    make_partner(app, name="Kestrel Draft Alliance", slug="kestrel-draft", publish=False)
    trashed = make_partner(app, name="Kestrel Trashed Fund", slug="kestrel-trashed")
    with app.app_context():
        trash_record(db.session.get(Partner, trashed), None)
        add_page("Kestrel drafts", "kestrel-drafts", "Kestrel draft text.", publish=False)
        report = run_export(folder / "site")
    assert report.ok, report.problems
    yield app, folder / "site"
    demo_template.discard(app)


@pytest.fixture
def exported(searchable):
    return searchable[1]


def test_the_export_holds_a_pagefind_index_of_its_pages(searchable):
    app, exported = searchable
    entry = json.loads((exported / "pagefind" / "pagefind-entry.json").read_text())
    assert sum(language["page_count"] for language in entry["languages"].values()) > 100
    for name in ("pagefind.js", "pagefind-ui.js", "pagefind-ui.css"):
        assert (exported / "pagefind" / name).is_file(), name
    urls = indexed_urls(exported)
    with app.app_context():
        slugs = [partner.slug for partner in db.session.query(Partner)
                 if partner.is_published]  # fmt: skip
    assert slugs
    for slug in slugs:
        assert f"/partners/{slug}/index.html" in urls
    # The index is made of the main content: never the navigation, never the search
    # pages or the error page themselves.
    assert "/search/index.html" not in urls and "/search/all/index.html" not in urls
    assert "/404.html" not in urls
    text = indexed_text(exported)
    assert "Skip to content" not in text and "Published with Roundtable" not in text
    assert "Kestrel" not in text


def test_a_partner_is_found_on_its_own_page_and_not_on_every_list_of_it(exported):
    pages = indexed_pages(exported)
    found = {url for url, text in pages.items() if "Ibis Delta Cooperative" in text}
    assert found == {f"{prefix}/partners/ibis-delta/index.html"
                     for prefix in ("", "/fr", "/es", "/ar")}  # fmt: skip
    # The lists it is on are still found by their own headings.
    for url in ("/partners/country/kh/index.html", "/partners/group/academia/index.html",
                "/partners/sdg/6/index.html", "/partners/index.html"):  # fmt: skip
        assert url in pages, url
    assert "Cambodia" in pages["/partners/country/kh/index.html"]


def test_the_manifest_lists_the_index_files(exported):
    manifest = json.loads((exported / MANIFEST_NAME).read_text())
    listed = {name for name in manifest["files"] if name.startswith("pagefind/")}
    on_disk = {path.relative_to(exported).as_posix()
               for path in (exported / "pagefind").rglob("*")
               if path.is_file() and path.suffix not in SIBLINGS}  # fmt: skip
    assert listed == on_disk


def test_the_search_script_and_style_have_compressed_copies(exported):
    """Served with gzip_static like every other text file: about 100 KB on /search/."""
    for name in ("pagefind-ui.js", "pagefind-ui.css", "pagefind.js"):
        original = (exported / "pagefind" / name).read_bytes()
        assert gzip.decompress((exported / "pagefind" / f"{name}.gz").read_bytes()) == original


def test_the_exported_search_page_uses_pagefind_and_links_to_the_a_to_z(exported):
    page = exported / "search" / "index.html"
    html = page.read_text()
    links = parse(page)
    loaded = set(links.loaded)
    assert "../pagefind/pagefind-ui.js" in loaded and "../pagefind/pagefind-ui.css" in loaded
    assert any(url.endswith("static/js/search-export.js") for url in loaded)
    assert 'id="pagefind-search"' in html
    assert ("a", "href", "all/index.html") in links.links
    # No live form: the static copy has no server to send it to.
    assert 'name="q"' not in html and "htmx-2" not in html and "hx-get" not in html
    assert broken_links(exported) == []


def test_no_other_page_loads_search_scripts_or_styles(exported):
    for name in ("index.html", "partners/index.html", "meetings/index.html"):
        html = (exported / name).read_text()
        assert "pagefind" not in re.sub(r"data-pagefind-(body|ignore)", "", html)
        assert "search.css" not in html and "search-export.js" not in html


def test_the_a_to_z_lists_every_published_record_and_no_draft(searchable):
    app, exported = searchable
    page = exported / "search" / "all" / "index.html"
    html = page.read_text()
    hrefs = {url for _tag, _attribute, url in parse(page).links}
    with app.app_context():
        partners = [p for p in db.session.query(Partner) if p.is_published]
        reports = search_reports(ReportFilters())
        pages = published_pages()
        from app.meetings.services import published_meetings

        meetings = published_meetings()
    assert partners and reports and pages and meetings
    for partner in partners:
        assert f"../../partners/{partner.slug}/index.html" in hrefs, partner.slug
    for report in reports:
        assert f"../../reports/{report.slug}/index.html" in hrefs, report.slug
    for plain in pages:
        assert f"../../pages/{plain.slug}/index.html" in hrefs, plain.slug
    for meeting in meetings:
        assert f"../../meetings/{meeting.key}/index.html" in hrefs, meeting.key
    assert "../../guidelines/index.html" in hrefs
    assert "Kestrel" not in html
    assert "data-pagefind-body" not in html


def test_an_incremental_update_refreshes_the_index(demo_site):
    app, exported = demo_site
    public_while_indexing = []

    def watch(progress):
        if progress.phase == "reindex":
            public_while_indexing.append((exported / "pages/ospreys/index.html").is_file())

    with app.app_context():
        page_id = add_page("Ospreys", "ospreys", "Ospreys nest by the delta.", publish=True)
        report = run_export(exported, changes=[("page", page_id)], progress=watch)
    assert report.ok, report.problems
    assert report.mode == "incremental"
    # The new page is public first; the index, which takes longer, follows.
    assert public_while_indexing == [True]
    assert 0 < report.live_seconds < report.seconds
    assert "/pages/ospreys/index.html" in indexed_urls(exported)
    assert "Ospreys nest by the delta" in indexed_text(exported)
    manifest = json.loads((exported / MANIFEST_NAME).read_text())
    listed = {name for name in manifest["files"] if name.startswith("pagefind/")}
    on_disk = {path.relative_to(exported).as_posix()
               for path in (exported / "pagefind").rglob("*")
               if path.is_file() and path.suffix not in SIBLINGS}  # fmt: skip
    assert listed == on_disk
    assert not list(exported.parent.glob(".site.pagefind-*"))
    assert broken_links(exported) == []


@pytest.mark.parametrize("app_config", [{"EXPORT_SEARCH_INDEX": False}])
def test_without_an_index_the_search_page_offers_the_a_to_z(app, tmp_path):
    with app.app_context():
        add_page("Herons", "herons", "Herons.", publish=True)
        report = run_export(tmp_path / "site")
    assert report.ok, report.problems
    root = tmp_path / "site"
    assert not (root / "pagefind").exists()
    html = (root / "search" / "index.html").read_text()
    assert "pagefind" not in html and "<script" not in html
    assert ("a", "href", "all/index.html") in parse(root / "search" / "index.html").links
    assert broken_links(root) == []


def test_a_missing_pagefind_stops_the_export_and_keeps_the_previous(app, tmp_path, monkeypatch):
    with app.app_context():
        add_page("Herons", "herons", "Herons.", publish=True)
        assert run_export(tmp_path / "site").ok
        before = (tmp_path / "site" / "pagefind" / "pagefind-entry.json").read_bytes()
        monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-pagefind"))
        add_page("Egrets", "egrets", "Egrets.", publish=True)
        report = run_export(tmp_path / "site")
    assert not report.ok
    problems = {problem.kind: str(problem) for problem in report.problems}
    assert "Pagefind could not run" in problems["search-index"]
    # And the search page's links to the index's script and stylesheet lead nowhere.
    assert set(problems) == {"search-index", "broken-link"}
    assert not (tmp_path / "site" / "pages" / "egrets").exists()
    assert (tmp_path / "site" / "pagefind" / "pagefind-entry.json").read_bytes() == before
