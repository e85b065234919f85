"""Republishing after an edit: only the pages that show the changed records are rendered."""

import gzip
import json
import zipfile
from pathlib import Path

import pytest

from app.demo import load_demo
from app.export import run_export
from app.export.files import JOURNAL_NAME
from app.export.manifest import MANIFEST_NAME
from app.export.plan import Impact
from app.site.services import save_settings
from tests.export_helpers import broken_links, notes_blueprint, snapshot


@pytest.fixture
def site(app, tmp_path):
    """The demo with a few notes, exported once; returns (app, notes, export folder)."""
    notes = {"water": "Clean water for all.", "dams": "No new dams.", "fish": "More fish."}
    app.register_blueprint(notes_blueprint(notes))
    with app.app_context():
        load_demo()
    out = tmp_path / "site"
    with app.app_context():
        report = run_export(out)
    assert report.ok and report.mode == "full", report.problems
    return app, notes, out


def republish(app, out, changes, **options):
    with app.app_context():
        report = run_export(out, changes=changes, **options)
    assert report.ok, report.problems
    return report


def test_the_home_page_depends_on_the_settings_it_shows(site):
    _app, _notes, out = site
    pages = json.loads((out / MANIFEST_NAME).read_text())["pages"]
    assert {"setting:name", "setting:tagline", "setting:about"} <= set(pages["/"]["dependencies"])
    assert "setting:about" not in pages["/404.html"]["dependencies"]
    assert pages["/notes/water/"]["dependencies"] == [
        "note:water",
        "setting:name",
        "setting:tagline",
    ]


def test_editing_the_about_text_re_renders_the_home_page_only(site):
    app, _notes, out = site
    before = snapshot(out)
    with app.app_context():
        save_settings({"about": "We now also work on **flood warnings**."})
    report = republish(app, out, [("setting", "about")])

    assert report.mode == "incremental"
    # The sitemap lists every page, so it is re-rendered on any change (and is unchanged).
    # The home page shows the text in each language.
    assert sorted(report.rendered) == ["/", "/ar/", "/es/", "/fr/", "/sitemap.xml"]
    after = snapshot(out)
    assert "<strong>flood warnings</strong>" in after["index.html"][1].decode()
    assert "<strong>flood warnings</strong>" in after["ar/index.html"][1].decode()
    changed = {name for name in after if after[name] != before.get(name)}
    # The search index holds the home page's text, so a few of its files change too.
    search_index = {name for name in changed if name.startswith("pagefind/")}
    homes = [f"{language}index.html" for language in ("", "fr/", "es/", "ar/")]
    pages = {home + suffix for home in homes for suffix in ("", ".gz")}
    assert changed - search_index == pages | {MANIFEST_NAME}
    assert "pagefind/pagefind-entry.json" in search_index
    assert len(search_index) < len([name for name in after if name.startswith("pagefind/")]) / 2
    assert broken_links(out) == []


def test_renaming_the_coalition_re_renders_every_page_that_shows_the_name(site):
    app, notes, out = site
    with app.app_context():
        save_settings({"name": "Delta Water Partnership"})
    report = republish(app, out, [("setting", "name")])
    pages = json.loads((out / MANIFEST_NAME).read_text())["pages"]
    html_pages = {path for path, entry in pages.items() if entry["file"].endswith(".html")}
    assert {"/", "/404.html", "/notes/"} | {f"/notes/{slug}/" for slug in notes} <= html_pages
    # Every page, and of the other files the feeds, the calendar and the partners' Popolo
    # JSON (whose organisation is the partnership), named after it.
    feeds = {"/feed.xml"} | {f"/{kind}/feed.xml" for kind in ("meetings", "decisions",
                                                              "reports", "funding")}  # fmt: skip
    assert set(report.rendered) - html_pages == {
        "/sitemap.xml", "/meetings/upcoming.ics", "/data/partners.json", *feeds
    }  # fmt: skip
    assert html_pages <= set(report.rendered)
    for page in out.rglob("*.html"):
        assert " · Delta Water Partnership</title>" in page.read_text(encoding="utf-8"), page


def test_editing_one_record_re_renders_its_page_and_the_lists_that_show_it(site):
    app, notes, out = site
    notes["dams"] = "A moratorium on new dams."
    report = republish(app, out, [("note", "dams")])
    assert sorted(report.rendered) == ["/notes/", "/notes/dams/", "/sitemap.xml"]
    assert "moratorium" in (out / "notes/dams/index.html").read_text(encoding="utf-8")


def test_a_new_record_gets_its_page_and_a_removed_one_loses_it(site):
    app, notes, out = site
    notes["rice"] = "Salt-tolerant rice."
    del notes["fish"]
    report = republish(app, out, [("note", "rice"), ("note", "fish")])
    assert "/notes/rice/" in report.rendered
    assert report.removed == ["/notes/fish/"]
    assert (out / "notes/rice/index.html").is_file()
    assert not (out / "notes/fish").exists()
    assert broken_links(out) == []


def test_a_republish_finds_a_link_to_a_removed_page_on_a_page_it_kept(site):
    """Pages left as they were are checked again when a page they may link to is gone."""
    app, notes, out = site
    notes["dams"] = 'No new dams; see <a href="/notes/fish/">fish</a>.'
    republish(app, out, [("note", "dams")])
    before = snapshot(out)
    del notes["fish"]  # the dams note still links to it, and is not re-rendered
    with app.app_context():
        report = run_export(out, changes=[("note", "fish")])
    assert "/notes/dams/" not in report.rendered
    assert [(problem.kind, problem.url) for problem in report.problems] == [
        ("broken-link", "/notes/fish/")
    ]
    assert "linked from /notes/dams/" in report.problems[0].message
    assert snapshot(out) == before


def test_a_failed_republish_keeps_the_last_good_export(site):
    app, notes, out = site
    before = snapshot(out)
    del notes["fish"]  # removed, but the change is not announced: the list still links it
    with app.app_context():
        report = run_export(out, changes=[("setting", "about")])
    # The count check sees 2 published notes and 3 pages.
    assert not report.ok
    assert [problem.kind for problem in report.problems] == ["count"]
    assert snapshot(out) == before


def test_an_interrupted_update_is_followed_by_a_full_export(site):
    app, _notes, out = site
    (out / JOURNAL_NAME).write_text("interrupted")
    report = republish(app, out, [("setting", "about")])
    assert report.mode == "full" and "interrupted" in report.reason
    assert not (out / JOURNAL_NAME).exists()


def test_after_an_interrupted_update_no_file_of_it_is_taken_for_unchanged(site, monkeypatch):
    """A run stopped while moving its pages into place leaves pages newer than the
    manifest. The full export that follows must not trust the manifest's hashes: a page
    whose content went back to what the manifest says would be linked from the newer one."""
    import os

    app, notes, out = site
    replace = os.replace

    def stop_before_the_manifest(source, target, *args, **kwargs):
        if Path(target).name == MANIFEST_NAME:
            raise OSError("the machine stopped")
        return replace(source, target, *args, **kwargs)

    notes["dams"] = "A moratorium on new dams."
    monkeypatch.setattr(os, "replace", stop_before_the_manifest)
    with app.app_context(), pytest.raises(OSError, match="stopped"):
        run_export(out, changes=[("note", "dams")])
    monkeypatch.setattr(os, "replace", replace)
    page = out / "notes" / "dams" / "index.html"
    assert "moratorium" in page.read_text()  # in place, while the manifest is the old one

    notes["dams"] = "No new dams."  # the edit is taken back
    report = republish(app, out, [("note", "dams")])
    assert report.mode == "full" and "interrupted" in report.reason
    assert "No new dams." in page.read_text() and "moratorium" not in page.read_text()
    assert b"No new dams." in gzip.decompress((out / "notes/dams/index.html.gz").read_bytes())


def test_the_offline_bundle_follows_a_republish(site, tmp_path):
    app, notes, out = site
    notes["dams"] = "A moratorium on new dams."
    bundle = tmp_path / "bundle.zip"
    report = republish(app, out, [("note", "dams")], zip_path=bundle)
    assert report.mode == "incremental" and report.zip_path == bundle
    with zipfile.ZipFile(bundle) as archive:
        assert b"moratorium" in archive.read("bundle/notes/dams/index.html")
        assert "bundle/index.html" in archive.namelist()


def test_a_change_of_code_or_settings_makes_a_full_export(site):
    app, _notes, out = site
    app.config["SITE_NAME"] = "Another default"
    report = republish(app, out, [("setting", "about")])
    assert report.mode == "full"
    assert "changed" in report.reason
    assert len(report.rendered) == report.pages


def test_without_a_previous_export_a_republish_is_a_full_export(app, tmp_path):
    report = republish(app, tmp_path / "site", [("setting", "about")])
    assert report.mode == "full" and report.reason == "there is no previous export to update"


def test_a_full_export_of_an_unchanged_site_rewrites_no_file(site):
    app, _notes, out = site
    before = snapshot(out)
    with app.app_context():
        report = run_export(out)
    assert report.ok and report.mode == "full"
    assert report.written == 0
    after = snapshot(out)
    assert {name: value for name, value in after.items() if name != MANIFEST_NAME} == {
        name: value for name, value in before.items() if name != MANIFEST_NAME
    }


@pytest.mark.parametrize(
    ("dependencies", "changes", "expected"),
    [
        (["note:dams"], {"note:dams"}, True),
        (["note:dams"], {"note:fish"}, False),
        (["note:*"], {"note:fish"}, True),  # a list of notes shows every note
        (["note:dams"], {"note:*"}, True),  # "every note changed"
        (["setting:about"], {"note:*"}, False),
        (["*:*"], {"setting:about"}, True),  # the sitemap
        ([], {"note:dams"}, False),
    ],
)
def test_which_pages_a_change_affects(dependencies, changes, expected):
    assert bool(Impact(changes).touched(dependencies)) is expected
