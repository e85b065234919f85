"""The base page and the friendly error pages."""

import re
from urllib.parse import urlsplit

import pytest

from app.site.services import save_settings


def test_home_page_is_complete_without_javascript(app, client):
    with app.app_context():
        save_settings({"name": "Delta Partnership", "about": "We **work** together."})
    response = client.get("/")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="en" dir="ltr">' in body
    assert '<a class="skip-link" href="#main">' in body
    assert "<h1>Delta Partnership</h1>" in body
    assert "<strong>work</strong>" in body
    assert "<script" not in body  # reading the home page needs no JavaScript


def test_pages_load_nothing_from_other_sites(client):
    body = client.get("/").get_data(as_text=True)
    # Full addresses are allowed only for the site itself (its hreflang alternates).
    addresses = re.findall(r'(?:src|href)="((?:https?:)?//[^"]*)"', body)
    assert addresses, "the page names its language versions by full address"
    assert {urlsplit(address).netloc for address in addresses} == {"localhost"}


def test_stored_markup_in_settings_is_escaped_or_sanitised(app, client):
    with app.app_context():
        save_settings(
            {"name": "<script>alert(1)</script>", "about": "<img src=x onerror=alert(1)>"}
        )
    body = client.get("/").get_data(as_text=True)
    assert "<script>alert(1)" not in body
    assert "<img" not in body


@pytest.mark.parametrize(("path", "code", "text"), [("/no/such/page", 404, "Page not found")])
def test_not_found_is_friendly(client, path, code, text):
    response = client.get(path)
    assert response.status_code == code
    assert text in response.get_data(as_text=True)


def test_method_not_allowed_is_friendly(client):
    response = client.get("/logout")
    assert response.status_code == 405
    assert "not available" in response.get_data(as_text=True)


def test_a_crash_shows_a_friendly_page_and_no_traceback(app, client):
    def explode():
        raise RuntimeError("secret internals")

    app.add_url_rule("/explode", "explode", explode)
    response = client.get("/explode")
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong" in body
    assert "secret internals" not in body and "Traceback" not in body


def test_print_stylesheet_is_linked(client):
    assert 'media="print"' in client.get("/").get_data(as_text=True)
