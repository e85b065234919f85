"""One URL, two representations: the full page, or the fragment htmx swaps in."""

import pytest
from jinja2 import ChoiceLoader, DictLoader

from app.htmx import render_page

TEMPLATES = {
    "demo/page.html": "<html><h1>Page</h1>{% include 'demo/_items.html' %}</html>",
    "demo/_items.html": "<ul id='items'><li>{{ item }}</li></ul>",
}


@pytest.fixture
def htmx_client(tmp_path):
    from tests.conftest import make_app

    app = make_app(tmp_path)
    app.jinja_loader  # noqa: B018 (creates the default loader before we wrap it)
    app.jinja_env.loader = ChoiceLoader([DictLoader(TEMPLATES), app.jinja_env.loader])
    app.add_url_rule(
        "/demo", "demo", lambda: render_page("demo/page.html", "demo/_items.html", item="one")
    )
    return app.test_client()


FULL_PAGE = [
    {},  # no JavaScript
    {"HX-Request": "true", "HX-Boosted": "true"},  # a boosted link replaces the page
    {"HX-Request": "true", "HX-History-Restore-Request": "true"},  # back button, cache miss
]


@pytest.mark.parametrize("headers", FULL_PAGE, ids=["plain", "boosted", "history-restore"])
def test_full_page(htmx_client, headers):
    response = htmx_client.get("/demo", headers=headers)
    body = response.get_data(as_text=True)
    assert "<h1>Page</h1>" in body
    assert "<li>one</li>" in body
    assert "HX-Request" in response.headers["Vary"]


def test_fragment_for_an_htmx_request(htmx_client):
    response = htmx_client.get("/demo", headers={"HX-Request": "true", "HX-Target": "items"})
    body = response.get_data(as_text=True)
    assert body == "<ul id='items'><li>one</li></ul>"
    assert "HX-Request" in response.headers["Vary"]
