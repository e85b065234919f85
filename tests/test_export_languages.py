"""The static export in every enabled language."""

import gzip
import json
import re

import pytest

from app.export import run_export
from app.export.manifest import MANIFEST_NAME
from app.extensions import db
from app.pages.models import Page
from app.translating.services import save_translation
from tests.export_helpers import add_page, all_text, broken_links, is_internal, parse, snapshot
from tests.guideline_helpers import import_bundled

FIRST_ROUND_TRIP = 14 * 1024


def add_pages(app) -> dict[str, int]:
    """The guideline and two pages, one translated into French (and a draft into Spanish);
    returns the ids of the pages."""
    import_bundled(app)
    with app.app_context():
        about = add_page("About us", "about", "We share the river.", publish=True)
        join = add_page("How to join", "join", "Write to us.", publish=True)
        page = db.session.get(Page, about)
        save_translation(page, "fr", {"title": "Qui sommes-nous", "body": "Nous partageons."},
                         None, None, publish=True)  # fmt: skip
        save_translation(page, "es", {"title": "Borrador secreto"}, None, None)
    return {"about": about, "join": join}


def export_to(app, out, **options):
    with app.app_context():
        report = run_export(out, **options)
    assert report.ok and report.mode == "full", report.problems
    return out


@pytest.fixture(scope="module")
def shared(module_app, tmp_path_factory):
    """``add_pages`` on a database of the module, and the folder to export it to."""
    return module_app, add_pages(module_app), tmp_path_factory.mktemp("languages")


@pytest.fixture(scope="module")
def exported(shared):
    """``(app, ids, folder)``: the pages exported once, for the tests that only read."""
    app, ids, folder = shared
    return app, ids, export_to(app, folder / "site")


@pytest.fixture(scope="module")
def exported_for_an_address(shared):
    """The same pages exported for https://example.org/sub."""
    app, _ids, folder = shared
    return export_to(app, folder / "address", base_url="https://example.org/sub")


@pytest.fixture
def site(app, tmp_path):
    """``(app, ids, folder)``: the pages exported, for a test that republishes."""
    ids = add_pages(app)
    return app, ids, export_to(app, tmp_path / "site")


def page_text(out, path):
    return (out / path.lstrip("/") / "index.html").read_text(encoding="utf-8")


def test_every_language_is_exported_and_passes_the_link_check(exported):
    _app, _ids, out = exported
    assert broken_links(out) == []
    for language in ("fr", "es", "ar"):
        for path in ("", "guidelines/", "guidelines/initiation/getting-started/",
                     "pages/about/", "partners/", "meetings/"):  # fmt: skip
            assert (out / language / path / "index.html").is_file(), f"/{language}/{path}"
    assert '<html lang="ar" dir="rtl">' in page_text(out, "/ar/guidelines/")
    # Links inside a language's pages stay in that language, relative for the USB stick.
    french = page_text(out, "/fr/guidelines/")
    assert 'href="../partners/index.html"' in french
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "fr/pages/about/" in sitemap and "ar/guidelines/initiation/" in sitemap


def test_translations_are_exported_and_drafts_are_not(exported):
    _app, _ids, out = exported
    assert "<h1>Qui sommes-nous</h1>" in page_text(out, "/fr/pages/about/")
    assert "Qui sommes" not in page_text(out, "/pages/about/")
    spanish = page_text(out, "/es/pages/about/")
    assert "Not yet translated" in spanish or "untranslated" in spanish
    assert "Borrador secreto" not in all_text(out)


def test_nothing_of_the_coordinators_area_is_exported_in_any_language(exported):
    _app, _ids, out = exported
    for language in ("", "fr", "es", "ar"):
        assert not (out / language / "manage").exists()
        assert not (out / language / "login").exists()
    assert "/manage/translations" not in all_text(out)


def test_translated_pages_stay_within_the_first_round_trip(exported):
    _app, _ids, out = exported
    css = len(gzip.compress((out / "static/css/site.css").read_bytes()))
    guideline_css = len(gzip.compress((out / "static/css/guideline.css").read_bytes()))
    for path in ("/ar/", "/fr/pages/about/"):
        html = len(gzip.compress(page_text(out, path).encode()))
        assert html + css <= FIRST_ROUND_TRIP, path
    step = "/ar/guidelines/initiation/getting-started/"
    html = len(gzip.compress(page_text(out, step).encode()))
    assert html + css + guideline_css <= FIRST_ROUND_TRIP


def test_a_translation_re_renders_only_its_language(site):
    app, ids, out = site
    before = snapshot(out)
    with app.app_context():
        page = db.session.get(Page, ids["join"])
        translation, _result = save_translation(
            page, "ar", {"title": "كيف تنضم"}, None, None, publish=True
        )
        translation_id = translation.id
        db.session.commit()  # end the read, so the export may write
        report = run_export(out, changes=[("translation", translation_id)])
    assert report.ok and report.mode == "incremental", report.problems
    rendered = set(report.rendered) - {"/sitemap.xml"}
    # The page itself, and the A–Z index of its language, which depends on every page.
    assert rendered == {"/ar/pages/join/", "/ar/search/all/"}
    assert "كيف تنضم" in page_text(out, "/ar/pages/join/")
    after = snapshot(out)
    assert after["fr/pages/join/index.html"] == before["fr/pages/join/index.html"]


def test_an_edit_of_the_original_re_renders_it_in_every_language(site):
    app, ids, out = site
    from app.editing.services import head_snapshot, publish_record, save_record

    with app.app_context():
        page = db.session.get(Page, ids["join"])
        values = {**head_snapshot(page), "body": "Write to the secretariat."}
        save_record(page, values, page.head_revision_id, None)
        publish_record(page, None)
        report = run_export(out, changes=[("page", ids["join"])])
    assert report.ok, report.problems
    assert {"/pages/join/", "/fr/pages/join/", "/es/pages/join/", "/ar/pages/join/"} <= set(
        report.rendered
    )
    assert "/fr/pages/about/" not in report.rendered
    assert "Write to the secretariat." in page_text(out, "/ar/pages/join/")


def test_the_manifest_knows_each_page_in_its_language(exported):
    _app, _ids, out = exported
    pages = json.loads((out / MANIFEST_NAME).read_text())["pages"]
    assert "translation:page@fr=*" not in pages["/pages/about/"]["dependencies"]
    assert any(
        key.startswith("translation:page@fr=") for key in pages["/fr/pages/about/"]["dependencies"]
    )


def test_each_language_has_its_own_404_page(exported_for_an_address):
    """A server shows /fr/404.html for a missing address under /fr/: French, with links
    that stay in French and work from any depth."""
    out = exported_for_an_address
    default = (out / "404.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in default and "<h1>Page not found</h1>" in default
    french = (out / "fr" / "404.html").read_text(encoding="utf-8")
    assert '<html lang="fr"' in french and "<h1>Page introuvable</h1>" in french
    assert '<html lang="ar" dir="rtl">' in (out / "ar" / "404.html").read_text(encoding="utf-8")
    assert (out / "es" / "404.html").is_file()
    links = [link for _t, _a, link in parse(out / "fr" / "404.html").links if is_internal(link)]
    pages = [link for link in links if not link.startswith("/sub/static/")]
    assert pages and all(link.startswith("/sub/fr/") for link in pages), pages
    for link in links:
        target = out / link.removeprefix("/sub/")
        assert (target / "index.html" if link.endswith("/") else target).is_file(), link


def test_without_a_base_url_each_404_page_links_relative_to_its_folder(exported):
    _app, _ids, out = exported
    assert (out / "fr" / "404.html").is_file()
    assert 'href="index.html"' in (out / "fr" / "404.html").read_text(encoding="utf-8")
    assert broken_links(out) == []


def alternates(text: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', text))


def test_hreflang_links_are_full_addresses_when_the_base_url_is_given(exported_for_an_address):
    # The export succeeded: its link check found every alternate's file.
    out = exported_for_an_address
    french = page_text(out, "/fr/pages/about/")
    assert alternates(french) == {
        "en": "https://example.org/sub/pages/about/",
        "fr": "https://example.org/sub/fr/pages/about/",
        "es": "https://example.org/sub/es/pages/about/",
        "ar": "https://example.org/sub/ar/pages/about/",
        "x-default": "https://example.org/sub/pages/about/",
    }
    # The switcher a reader clicks stays relative, for the copy opened as files.
    assert 'href="../../../es/pages/about/index.html" hreflang="es"' in french


def test_without_a_base_url_hreflang_links_are_relative(exported):
    _app, _ids, out = exported
    french = page_text(out, "/fr/pages/about/")
    assert alternates(french)["es"] == "../../../es/pages/about/index.html"
    assert "http://localhost" not in french
