"""robots.txt, sitemap.xml and 404.html, as served live."""

from xml.etree import ElementTree

from app.pagecache.generation import new_generation
from tests.export_helpers import notes_blueprint

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_robots_allows_everything_but_the_coordinators_and_members_sides(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    assert response.get_data(as_text=True).splitlines() == [
        "User-agent: *",
        "Allow: /",
        "Disallow: /manage",
        "Disallow: /login",
        "Disallow: /logout",
        "Disallow: /members",
        "Sitemap: http://localhost/sitemap.xml",
    ]


def test_sitemap_lists_every_public_page_with_its_address(app, client):
    app.register_blueprint(notes_blueprint({"water": "Clean.", "dams": "None."}))
    app.config["TRUSTED_HOSTS"] = ["example.org"]  # the host the site is served at
    response = client.get("/sitemap.xml", base_url="https://example.org/mirror/")
    assert response.status_code == 200 and response.mimetype == "application/xml"
    tree = ElementTree.fromstring(response.get_data())  # noqa: S314  (our own output)
    # An empty site: each part's first page, and the notes added here (in the default
    # language only: their blueprint came after the languages were set up).
    pages = [loc.text for loc in tree.iter(f"{SITEMAP}loc")]
    english = [
        "https://example.org/mirror/",
        "https://example.org/mirror/guidelines/",
        "https://example.org/mirror/guidelines/where-we-are/",
        "https://example.org/mirror/data/",
        "https://example.org/mirror/partners/",
        "https://example.org/mirror/partners/apply/",
        "https://example.org/mirror/partners/apply/sent/",
        "https://example.org/mirror/meetings/",
        "https://example.org/mirror/decisions/",
        "https://example.org/mirror/reports/",
        "https://example.org/mirror/funding/",
        "https://example.org/mirror/search/",
        "https://example.org/mirror/search/all/",
        "https://example.org/mirror/notes/",
        "https://example.org/mirror/notes/dams/",
        "https://example.org/mirror/notes/water/",
    ]
    assert pages[: len(english)] == english
    # Then the same pages in each other language, in the same order.
    site = "https://example.org/mirror/"
    localised = english[:13]
    assert pages[len(english) :] == [
        site + language + "/" + page.removeprefix(site)
        for language in ("fr", "es", "ar")
        for page in localised
    ]


def sitemap_entries(client, path: str) -> tuple[str, list[str]]:
    """The root element's name and the addresses a sitemap file lists."""
    response = client.get(path)
    assert response.status_code == 200 and response.mimetype == "application/xml"
    tree = ElementTree.fromstring(response.get_data())  # noqa: S314  (our own output)
    return tree.tag.removeprefix(SITEMAP), [loc.text for loc in tree.iter(f"{SITEMAP}loc")]


def test_a_sitemap_over_the_limit_is_an_index_of_parts_under_it(app, client):
    kind, pages = sitemap_entries(client, "/sitemap.xml")
    assert kind == "urlset" and len(pages) > 20
    assert client.get("/sitemaps/1.xml").status_code == 404  # one file holds them all

    app.config["SITEMAP_MAX_URLS"] = 10
    new_generation(app)  # a changed setting takes a restart, which drops the kept pages
    kind, parts = sitemap_entries(client, "/sitemap.xml")
    assert kind == "sitemapindex"
    count = -(-len(pages) // 10)
    assert parts == [f"http://localhost/sitemaps/{n}.xml" for n in range(1, count + 1)]
    listed = []
    for part in parts:
        kind, chunk = sitemap_entries(client, part.removeprefix("http://localhost"))
        assert kind == "urlset" and 0 < len(chunk) <= 10
        listed += chunk
    assert listed == pages  # every page once, in the same order
    for beyond in (0, count + 1):
        assert client.get(f"/sitemaps/{beyond}.xml").status_code == 404


def test_the_404_document_is_the_friendly_not_found_page(client):
    response = client.get("/404.html")
    assert response.status_code == 404
    body = response.get_data(as_text=True)
    assert "Page not found" in body and 'href="/"' in body
