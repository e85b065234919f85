"""Funding: totals per year and currency, shares and the largest funder, from the records."""

import re
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.extensions import db
from app.funding.models import FundingSource
from app.funding.services import overview, published_sources
from app.transparency.fields import parse_amount
from tests.editing_helpers import form_fields, signed_in_client
from tests.transparency_helpers import make_funding


@pytest.fixture
def funding(app):
    with app.app_context():
        make_funding("asian-development-bank", "300000.00", "USD", 2024)
        make_funding("mrc-secretariat", "99999.90", "USD", 2024, "in-kind")
        make_funding("ben-tre-water-supply", "0.10", "USD", 2024, "membership fee")
        make_funding("asian-development-bank", "100000.00", "USD", 2025)
        make_funding("netherlands-enterprise-agency", "50000.00", "EUR", 2025)
        make_funding("secret-donor", "900000.00", "USD", 2025, publish=False)


def test_totals_are_exact_per_year_and_currency(app, funding):
    with app.app_context():
        result = overview(published_sources())
    by_year = {year.year: {t.currency: t for t in year.currencies} for year in result.years}
    assert [year.year for year in result.years] == [2025, 2024]
    assert by_year[2024]["USD"].total == Decimal("400000.00")
    assert by_year[2024]["USD"].by_type == {
        "grant": Decimal("300000.00"),
        "membership fee": Decimal("0.10"),
        "in-kind": Decimal("99999.90"),
    }
    # Different currencies are kept apart, never added.
    assert by_year[2025]["USD"].total == Decimal("100000.00")
    assert by_year[2025]["EUR"].total == Decimal("50000.00")
    usd, eur = result.overall
    assert (usd.currency, usd.total) == ("USD", Decimal("500000.00"))
    assert [(s.funder_slug, s.percent) for s in usd.shares] == [
        ("asian-development-bank", Decimal("80.0")),
        ("mrc-secretariat", Decimal("20.0")),
        ("ben-tre-water-supply", Decimal("0.0")),
    ]
    assert usd.depends_on_one_funder
    assert (eur.largest.funder_slug, eur.largest.percent) == (
        "netherlands-enterprise-agency",
        Decimal("100.0"),
    )


def test_the_page_states_the_largest_share_and_draws_it(client, funding):
    html = client.get("/funding/").get_data(as_text=True)
    text = re.sub(r"\s+", " ", html)
    assert (
        "The largest funder, asian-development-bank, provided 80.0% of all funding in USD "
        "from 2024 to 2025 ($400,000.00 of $500,000.00)." in text
    )
    assert "more than half" in text
    assert "All funding in EUR, €50,000.00, came from netherlands-enterprise-agency." in text
    assert "$400,000.00" in html and "€50,000.00" in html  # the totals of 2024 and of EUR
    assert "450,000" not in html and "550,000" not in html  # no sum across currencies
    chart = html[html.index('<figure class="share-chart"') : html.index("</figure>")]
    assert chart.count("<rect") == 3
    assert '<span class="share-value">80.0%</span>' in chart
    assert "secret-donor" not in html


def test_amounts_are_read_as_people_write_them():
    assert parse_amount("250,000.50") == Decimal("250000.50")
    assert parse_amount(" 1 200 ") == Decimal("1200.00")
    assert parse_amount("75000") == Decimal("75000.00")
    for wrong in ("", "abc", "-5", "0", "1.234", "1,2", "1e9", "NaN"):
        with pytest.raises(ValueError):
            parse_amount(wrong)


def test_a_coordinator_records_funding_in_the_form(app, make_user):
    from tests.partners_helpers import make_partner

    make_partner(app, name="Asian Development Bank", slug="asian-development-bank")
    editor = signed_in_client(app, make_user("editor"))
    data = form_fields(editor.get("/manage/funding/new"))
    data.update(funder_slug="Asian-Development-Bank", funding_type="grant", year="2025",
                currency="usd", purpose="", report_id="")  # fmt: skip

    wrong = editor.post("/manage/funding/new", data={**data, "amount": "12.500,50"})
    assert wrong.status_code == 422
    assert "Write the amount in figures" in wrong.get_data(as_text=True)
    unknown = editor.post("/manage/funding/new", data={**data, "amount": "1", "currency": "XYZ"})
    assert "Unknown currency code" in unknown.get_data(as_text=True)
    saved = editor.post("/manage/funding/new", data={**data, "amount": "12,500.50"})
    assert saved.status_code == 303, saved.get_data(as_text=True)

    with app.app_context():
        source = db.session.scalar(select(FundingSource))
        assert (source.funder_slug, source.amount, source.currency) == (
            "asian-development-bank",
            Decimal("12500.50"),
            "USD",
        )
