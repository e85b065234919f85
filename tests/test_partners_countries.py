"""Country names in the page's language: stored in English, shown in the reader's language
and sorted as a reader of it expects, live and in the export."""

import re

import pytest
from sqlalchemy import select

from app.export import run_export
from app.extensions import db
from app.partners.models import Partner
from tests.partners_helpers import make_partner


@pytest.fixture
def partners(app):
    for slug, country in (("nile", "EG"), ("rhine", "DE"), ("ebro", "ES"), ("gudena", "DK")):
        make_partner(app, name=f"{slug.title()} Partners", slug=slug, country=country)


def country_facet(body: str) -> list[str]:
    return re.findall(r'<label for="f-country-[a-z]+">([^<]+?) <span', body)


def browse_countries(body: str) -> list[str]:
    section = body[body.index("<h3>") :]
    section = section[section.index("country/") :]
    return re.findall(r'country/[a-z]+/(?:index\.html)?">([^<]+)</a>', section)


def test_the_organisation_page_names_its_country_in_the_page_language(client, partners):
    assert ">Egypt</a>" in client.get("/partners/nile/").get_data(as_text=True)
    assert ">Égypte</a>" in client.get("/fr/partners/nile/").get_data(as_text=True)
    assert ">Egipto</a>" in client.get("/es/partners/nile/").get_data(as_text=True)
    assert ">مصر</a>" in client.get("/ar/partners/nile/").get_data(as_text=True)


def test_the_stored_name_stays_english(app, client, partners):
    client.get("/fr/partners/nile/")
    with app.app_context():
        stored = db.session.scalar(select(Partner.country_name).where(Partner.slug == "nile"))
    assert stored == "Egypt"


def test_country_facets_are_sorted_by_the_localised_name(client, partners):
    english = client.get("/partners/").get_data(as_text=True)
    assert country_facet(english) == ["Denmark", "Egypt", "Germany", "Spain"]
    french = client.get("/fr/partners/").get_data(as_text=True)
    # Accents do not send "Égypte" after "Espagne" and beyond the end of the alphabet.
    assert country_facet(french) == ["Allemagne", "Danemark", "Égypte", "Espagne"]
    spanish = client.get("/es/partners/").get_data(as_text=True)
    assert country_facet(spanish) == ["Alemania", "Dinamarca", "Egipto", "España"]


def test_cards_and_the_country_page_speak_the_page_language(client, partners):
    body = client.get("/fr/partners/country/eg/").get_data(as_text=True)
    assert "<h1>Égypte</h1>" in body
    assert "· Égypte ·" in body  # the card
    arabic = client.get("/ar/partners/country/de/").get_data(as_text=True)
    assert "<h1>ألمانيا</h1>" in arabic


def test_the_application_form_lists_countries_in_the_page_language(client):
    body = client.get("/fr/partners/apply/").get_data(as_text=True)
    assert '<option value="EG">Égypte</option>' in body
    assert body.index(">Danemark<") < body.index(">Égypte<") < body.index(">Espagne<")


def test_the_export_names_and_sorts_countries_in_each_language(app, partners, tmp_path):
    out = tmp_path / "site"
    with app.app_context():
        report = run_export(out)
    assert report.ok, report.problems

    def read(path):
        return (out / path / "index.html").read_text(encoding="utf-8")

    assert browse_countries(read("partners")) == ["Denmark", "Egypt", "Germany", "Spain"]
    assert browse_countries(read("fr/partners")) == ["Allemagne", "Danemark", "Égypte", "Espagne"]
    assert ">Égypte</a>" in read("fr/partners/nile")
    assert "<h1>مصر</h1>" in read("ar/partners/country/eg")


def test_regions_are_named_in_the_page_language(client, partners):
    assert "(Northern Africa)" in client.get("/partners/nile/").get_data(as_text=True)
    assert "(Afrique septentrionale)" in client.get("/fr/partners/nile/").get_data(as_text=True)
    assert "(África septentrional)" in client.get("/es/partners/nile/").get_data(as_text=True)
    # The balance chart of the directory, in its table too.
    french = client.get("/fr/partners/").get_data(as_text=True)
    assert "<td>Europe de l’Ouest</td><td>1</td>" in french
    assert "<td>Western Europe</td>" not in french
