"""Dates as the page's language writes them, on public pages and in /manage."""

from datetime import date, datetime

import pytest
from sqlalchemy import update

from app.extensions import db
from app.pages.models import Page
from app.partners.models import Partner
from tests.export_helpers import add_page
from tests.partners_helpers import make_partner


@pytest.fixture
def partner(app):
    make_partner(app, name="River Lab", slug="river-lab")
    with app.app_context():
        db.session.execute(
            update(Partner).values(
                joined_on=date(2024, 3, 1),
                left_on=date(2025, 8, 1),
                last_confirmed_on=date(2025, 2, 12),
                published_at=datetime(2025, 1, 5, 9, 30),
                last_published_at=datetime(2025, 2, 12, 9, 30),
            )
        )
        db.session.commit()


@pytest.mark.parametrize(
    "prefix, words",
    [
        ("", ["since March 2024", "left August 2025", "12 February 2025", "5 January 2025"]),
        ("/fr", ["depuis mars 2024", "départ en août 2025", "12 février 2025", "5 janvier 2025"]),
        ("/es", ["desde marzo de 2024", "se retiró en agosto de 2025", "12 febrero 2025"]),
        ("/ar", ["منذ مارس 2024", "غادر في أغسطس 2025", "12 فبراير 2025", "5 يناير 2025"]),
    ],
)
def test_a_partner_page_writes_its_dates_in_the_page_language(client, partner, prefix, words):
    body = client.get(f"{prefix}/partners/river-lab/").get_data(as_text=True)
    for word in words:
        assert word in body, word
    if prefix:
        assert "March" not in body and "February" not in body


def test_a_card_says_when_the_partner_left_in_the_page_language(client, partner):
    body = client.get("/fr/partners/country/vn/").get_data(as_text=True)
    assert "(départ en août 2025)" in body


def test_manage_lists_moments_in_the_coordinator_language(app, client, auth, make_user):
    with app.app_context():
        page = add_page("About us", "about", "We share the river.", publish=True)
        db.session.execute(
            update(Page).where(Page.id == page).values(updated_at=datetime(2025, 3, 12, 14, 5))
        )
        db.session.commit()
    user = make_user("editor")
    auth.login(user.email)
    french = client.get("/manage/page/", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "12 mars 2025, 14:05" in french
    english = client.get("/manage/page/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Mar 12, 2025, 14:05" in english
