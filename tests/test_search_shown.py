"""How a search result reads: amounts written as the reader's language writes money, and
snippets whose pieces stay apart."""

from decimal import Decimal

from babel.numbers import format_currency

from app.search.text import plain_text
from tests.partners_helpers import make_partner
from tests.transparency_helpers import make_funding


def test_a_funding_result_writes_its_amount_in_the_readers_language(app, client):
    with app.app_context():
        make_funding("unknown-funder", "60000.00", "EUR", purpose="Zanzibar water points")
    english = client.get("/search/?q=zanzibar").get_data(as_text=True)
    assert "€60,000.00" in english and "60000.00 EUR" not in english
    french = client.get("/fr/search/?q=zanzibar").get_data(as_text=True)
    assert format_currency(Decimal("60000.00"), "EUR", locale="fr") in french
    assert "60000.00" not in french


def test_a_partners_snippet_keeps_its_place_apart_from_its_description(app, client):
    make_partner(
        app, name="Outback Water", slug="outback-water", city="Canberra", country="AU",
        description="Shares rainfall data with farmers.",
    )  # fmt: skip
    html = client.get("/search/?q=outback").get_data(as_text=True)
    assert "Canberra · Australia · Shares rainfall data with farmers." in html


def test_blocks_of_markdown_stay_apart_and_sentences_keep_their_own_stops():
    text = "# Water\nWe share data\nacross the basin.\n\n- wells\n- pumps\n\nThe end"
    assert plain_text(text, "Second field") == (
        "Water · We share data across the basin. wells · pumps · The end · Second field"
    )
