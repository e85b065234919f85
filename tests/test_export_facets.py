"""Facet pages a page at a time, and republishing them after an edit.

A facet page lists the partners of one group, country or SDG by name, a page at a time
(two here, a hundred in use). After an edit the export re-renders the facet pages whose
cards or order changed, and only those; each test checks the result against a full
export of the edited site, file for file.
"""

import re
from datetime import date

import pytest
from flask_babel import gettext
from sqlalchemy import select

from app.editing.services import publish_record, save_record, unpublish_record
from app.export import run_export
from app.extensions import db
from app.partners import facets, services
from app.partners.models import Partner
from tests.export_helpers import assert_same_as_a_full_export, broken_links, exported
from tests.partners_helpers import make_partner

FACET_PAGES = ("/partners/group/", "/partners/country/", "/partners/sdg/")


@pytest.fixture(autouse=True)
def two_a_page(monkeypatch):
    monkeypatch.setattr(facets, "FACET_PAGE_SIZE", 2)
    monkeypatch.setattr(services, "PER_PAGE", 2)  # the whole directory's pages too


@pytest.fixture
def partners(app):
    """Five civil-society partners in Viet Nam working on SDG 6, one academic in Cambodia."""
    ids = {}
    for name in ("Echo", "Charlie", "Alpha", "Delta", "Bravo"):
        ids[name] = make_partner(
            app, name=name, slug=name.lower(), sdgs=[6], stakeholder_group="civil-society"
        )
    ids["Foxtrot"] = make_partner(
        app, name="Foxtrot", slug="foxtrot", sdgs=[4], stakeholder_group="academia", country="KH"
    )
    return ids


@pytest.fixture
def site(app, partners, tmp_path):
    return exported(app, tmp_path / "site")


def names(html: str) -> list[str]:
    return re.findall(r'<h3><a href="[^"]*">([^<]+)</a>', html)


def exported_names(out, path: str) -> list[str]:
    return names((out / path.lstrip("/") / "index.html").read_text(encoding="utf-8"))


def edit(app, record_id: int, **values) -> None:
    with app.app_context():
        record = db.session.get(Partner, record_id)
        save_record(record, values, record.head_revision_id, None)
        publish_record(record, None)


def in_every_language(app, paths: list[str]) -> list[str]:
    """``paths`` of the default language and their twins in the others, sorted."""
    prefixes = ["", *(f"/{code}" for code in app.config["LANGUAGES"][1:])]
    return sorted(f"{prefix}{path}" for prefix in prefixes for path in paths)


def rendered_after(app, out, record_id: int) -> list[str]:
    """Republish after a change of one partner; every page it rendered."""
    with app.app_context():
        report = run_export(out, changes=[("partner", record_id)])
    assert report.ok, report.problems
    assert report.mode == "incremental", report.reason
    return report.rendered


def republish(app, out, record_id: int) -> list[str]:
    """Republish after a change of one partner; the facet pages it rendered, in every
    language (``/fr/partners/sdg/6/`` too)."""
    facet_pages = tuple(in_every_language(app, list(FACET_PAGES)))
    rendered = rendered_after(app, out, record_id)
    return sorted(path for path in rendered if path.startswith(facet_pages))


def directory_pages(app, rendered: list[str]) -> list[str]:
    """Of ``rendered``, the pages of the whole directory (/partners/, /partners/page/2/)."""
    pages = in_every_language(app, ["/partners/"])
    return sorted(
        path for path in rendered
        if path in pages or any(path.startswith(f"{page}page/") for page in pages)
    )  # fmt: skip


def test_a_facet_lists_its_partners_by_name_a_page_at_a_time(client, partners):
    first = client.get("/partners/group/civil-society/").get_data(as_text=True)
    assert names(first) == ["Alpha", "Bravo"]
    assert "5 partners · Page 1 of 3" in first
    assert 'href="/partners/group/civil-society/page/2/" rel="next"' in first
    second = client.get("/partners/group/civil-society/page/2/").get_data(as_text=True)
    assert names(second) == ["Charlie", "Delta"]
    assert 'href="/partners/group/civil-society/" rel="prev"' in second
    assert names(client.get("/partners/country/vn/page/3/").get_data(as_text=True)) == ["Echo"]
    assert names(client.get("/partners/sdg/6/page/3/").get_data(as_text=True)) == ["Echo"]
    # One list is not split when it fits on a page.
    academia = client.get("/partners/group/academia/").get_data(as_text=True)
    assert names(academia) == ["Foxtrot"] and 'class="pagination"' not in academia
    for missing in ("/partners/group/civil-society/page/4/", "/partners/group/academia/page/2/",
                    "/partners/sdg/6/page/0/"):  # fmt: skip
        assert client.get(missing).status_code == 404, missing
    # The first page has one address.
    response = client.get("/partners/group/civil-society/page/1/")
    assert response.status_code in (301, 308)
    assert response.headers["Location"].endswith("/partners/group/civil-society/")


def test_the_export_holds_every_page_of_every_facet(app, site):
    assert exported_names(site, "/partners/group/civil-society/") == ["Alpha", "Bravo"]
    assert exported_names(site, "/partners/group/civil-society/page/2/") == ["Charlie", "Delta"]
    assert exported_names(site, "/partners/country/vn/page/3/") == ["Echo"]
    assert exported_names(site, "/partners/sdg/4/") == ["Foxtrot"]
    assert not (site / "partners/group/academia/page/2").exists()
    assert broken_links(site) == []


def test_an_edit_no_card_shows_re_renders_no_facet_page(app, partners, site, tmp_path):
    edit(app, partners["Charlie"], description="Now also works on sanitation.")
    assert republish(app, site, partners["Charlie"]) == []
    assert "sanitation" in (site / "partners/charlie/index.html").read_text(encoding="utf-8")
    assert_same_as_a_full_export(app, site, tmp_path)


def test_an_edit_a_card_shows_re_renders_the_pages_that_list_the_partner(
    app, partners, site, tmp_path
):
    edit(app, partners["Charlie"], city="Cần Thơ")
    assert republish(app, site, partners["Charlie"]) == in_every_language(
        app,
        [
            "/partners/country/vn/page/2/",
            "/partners/group/civil-society/page/2/",
            "/partners/sdg/6/page/2/",
        ],
    )
    page = (site / "partners/group/civil-society/page/2/index.html").read_text(encoding="utf-8")
    assert "Cần Thơ" in page
    assert_same_as_a_full_export(app, site, tmp_path)


def test_a_rename_that_moves_a_partner_re_renders_every_page_of_its_facets(
    app, partners, site, tmp_path
):
    edit(app, partners["Echo"], name="Aardvark")
    rendered = republish(app, site, partners["Echo"])
    for facet in ("/partners/group/civil-society/", "/partners/country/vn/", "/partners/sdg/6/"):
        assert {facet, f"{facet}page/2/", f"{facet}page/3/"} <= set(rendered)
    untouched = in_every_language(app, ["/partners/group/academia/", "/partners/sdg/4/"])
    assert not any(path.startswith(tuple(untouched)) for path in rendered)
    assert exported_names(site, "/partners/group/civil-society/") == ["Aardvark", "Alpha"]
    assert exported_names(site, "/partners/group/civil-society/page/3/") == ["Delta"]
    assert_same_as_a_full_export(app, site, tmp_path)


def test_a_partner_that_changes_group_leaves_one_list_and_joins_the_other(
    app, partners, site, tmp_path
):
    edit(app, partners["Bravo"], stakeholder_group="academia")
    rendered = republish(app, site, partners["Bravo"])
    assert "/partners/group/academia/" in rendered
    assert "/partners/group/civil-society/page/2/" in rendered  # Charlie moves up a page
    assert exported_names(site, "/partners/group/academia/") == ["Bravo", "Foxtrot"]
    assert exported_names(site, "/partners/group/civil-society/") == ["Alpha", "Charlie"]
    # Only four are left: the third page is gone.
    assert not (site / "partners/group/civil-society/page/3").exists()
    assert_same_as_a_full_export(app, site, tmp_path)


def test_publishing_and_unpublishing_a_partner_updates_its_lists(app, partners, site, tmp_path):
    new = make_partner(app, name="Bea", slug="bea", sdgs=[4], stakeholder_group="academia")
    assert "/partners/group/academia/" in republish(app, site, new)
    assert exported_names(site, "/partners/group/academia/") == ["Bea", "Foxtrot"]
    assert exported_names(site, "/partners/sdg/4/") == ["Bea", "Foxtrot"]
    assert_same_as_a_full_export(app, site, tmp_path / "first")

    with app.app_context():
        unpublish_record(db.session.get(Partner, partners["Foxtrot"]), None)
    republish(app, site, partners["Foxtrot"])
    assert exported_names(site, "/partners/group/academia/") == ["Bea"]
    assert not (site / "partners/country/kh").exists()
    assert not (site / "partners/foxtrot").exists()
    assert_same_as_a_full_export(app, site, tmp_path / "second")


# The whole directory, two a page here: Alpha Bravo | Charlie Delta | Echo Foxtrot.


def test_the_export_pages_the_whole_directory(app, site):
    assert exported_names(site, "/partners/") == ["Alpha", "Bravo"]
    assert exported_names(site, "/partners/page/2/") == ["Charlie", "Delta"]
    assert exported_names(site, "/partners/page/3/") == ["Echo", "Foxtrot"]
    assert (site / "fr/partners/page/3/index.html").is_file()


def test_an_edit_no_card_shows_re_renders_no_directory_page(app, partners, site, tmp_path):
    edit(app, partners["Charlie"], description="Now also works on sanitation.")
    assert directory_pages(app, rendered_after(app, site, partners["Charlie"])) == []
    assert_same_as_a_full_export(app, site, tmp_path)


def test_an_edit_a_card_shows_re_renders_the_directory_page_that_lists_it(
    app, partners, site, tmp_path
):
    edit(app, partners["Charlie"], city="Cần Thơ")
    rendered = rendered_after(app, site, partners["Charlie"])
    assert directory_pages(app, rendered) == in_every_language(app, ["/partners/page/2/"])
    assert "Cần Thơ" in (site / "partners/page/2/index.html").read_text(encoding="utf-8")
    assert_same_as_a_full_export(app, site, tmp_path)


def test_a_change_the_directory_counts_re_renders_all_its_pages(app, partners, site, tmp_path):
    # Every page of the directory shows the counts by group and region beside the list.
    edit(app, partners["Alpha"], stakeholder_group="academia")
    rendered = rendered_after(app, site, partners["Alpha"])
    assert directory_pages(app, rendered) == in_every_language(
        app, ["/partners/", "/partners/page/2/", "/partners/page/3/"]
    )
    assert_same_as_a_full_export(app, site, tmp_path)


def test_a_rename_moves_a_partner_to_another_directory_page(app, partners, site, tmp_path):
    edit(app, partners["Echo"], name="Aardvark")
    rendered_after(app, site, partners["Echo"])
    assert exported_names(site, "/partners/") == ["Aardvark", "Alpha"]
    assert exported_names(site, "/partners/page/3/") == ["Delta", "Foxtrot"]
    assert_same_as_a_full_export(app, site, tmp_path)


def test_cards_are_rendered_once_per_export_and_agree_with_the_live_list(app, partners):
    """A card cached for the run is the card the live page shows."""
    with app.app_context(), app.test_request_context("/"):
        record = db.session.scalar(select(Partner).where(Partner.slug == "delta"))
        card = str(facets.partner_card(record))
    assert 'href="/partners/delta/"' in card and "Civil society" in card


def test_each_language_lists_cards_in_its_own_words(app, site):
    """Cards are kept once per run per language: a French list never shows English cards."""
    with app.test_request_context("/fr/"):
        french_group = gettext("Civil society / NGO")
    assert french_group != "Civil society / NGO"
    english = (site / "partners/sdg/6/index.html").read_text(encoding="utf-8")
    french = (site / "fr/partners/sdg/6/index.html").read_text(encoding="utf-8")
    assert "Civil society / NGO" in english and french_group not in english
    assert french_group in french and "Civil society / NGO" not in french


# A new value for every field an editor edits.
EDITS = {
    "name": "Zulu", "short_name": "ZU", "slug": "zulu", "stakeholder_group": "academia",
    "country": "KH", "city": "Huế", "website": "https://zulu.example.org",
    "description": "Other words.", "sdgs": [1, 2], "sdg_targets": ["1.1"],
    "focus_areas": ["Rice"], "role": "lead", "joined_on": date(2019, 5, 1),
    "left_on": date(2025, 1, 1),
    "contributions": [{"type": "expertise", "description": "Soil tests"}],
    "contact_name": "Ann", "contact_role": "Chair", "contact_email": "ann@example.org",
    "contact_phone": "+84 1", "contact_name_public": True, "contact_role_public": True,
    "contact_email_visibility": "public", "contact_phone_public": True, "languages": ["vi"],
    "last_confirmed_on": date(2026, 1, 1),
}  # fmt: skip


def test_every_field_a_card_shows_is_among_those_the_export_compares(app, partners):
    """After an edit the export compares a card's fields (``card_fields``), not the card:
    any edit that changes a card, in any language, must change them, or a facet page
    would keep the old card."""
    assert set(EDITS) == set(Partner.edit_fields)  # a new field needs a value here
    changed_cards = set()
    for language in app.config["LANGUAGES"]:
        page = "/partners/" if language == "en" else f"/{language}/partners/"
        for field, value in EDITS.items():
            with app.app_context(), app.test_request_context(page):
                record = db.session.get(Partner, partners["Charlie"])
                card, fields = str(facets.partner_card(record)), facets.card_fields(record)
                setattr(record, field, value)
                if str(facets.partner_card(record)) != card:
                    changed_cards.add(field)
                    assert facets.card_fields(record) != fields, (language, field)
                db.session.rollback()
    assert {"name", "city", "sdgs", "left_on"} <= changed_cards
    assert "description" not in changed_cards
