"""The public site in several languages: prefixed URLs, hreflang, switcher, direction."""

import re

import pytest

from tests.export_helpers import add_page, parse_html
from tests.guideline_helpers import import_bundled


@pytest.fixture
def site(app):
    """The bundled guideline and one published plain page."""
    import_bundled(app)
    with app.app_context():
        add_page("About the partnership", "about", "How we came together.", publish=True)
    return app


def html_lang(body: str) -> tuple[str, str]:
    match = re.search(r'<html lang="([^"]+)" dir="([^"]+)">', body)
    assert match, "the page has no <html lang dir>"
    return match.group(1), match.group(2)


PUBLIC_PAGES = [
    "/",
    "/guidelines/",
    "/guidelines/initiation/",
    "/guidelines/initiation/getting-started/",
    "/guidelines/cases/angat-buhay/",
    "/guidelines/where-we-are/",
    "/pages/about/",
    "/partners/",
    "/meetings/",
    "/decisions/",
    "/reports/",
    "/funding/",
    "/data/",
]


@pytest.mark.parametrize("language,direction", [("fr", "ltr"), ("es", "ltr"), ("ar", "rtl")])
def test_every_kind_of_public_page_answers_in_each_language(site, client, language, direction):
    for path in PUBLIC_PAGES:
        response = client.get(f"/{language}{path}")
        assert response.status_code == 200, path
        assert html_lang(response.get_data(as_text=True)) == (language, direction), path
    english = client.get("/guidelines/").get_data(as_text=True)
    assert html_lang(english) == ("en", "ltr")


def test_unknown_language_prefix_is_not_found(site, client):
    assert client.get("/de/guidelines/").status_code == 404
    assert client.get("/xx/").status_code == 404
    # A missing page under a known prefix is a 404 in that language.
    missing = client.get("/ar/guidelines/no-such-module/")
    assert missing.status_code == 404
    assert html_lang(missing.get_data(as_text=True)) == ("ar", "rtl")


def test_each_language_has_an_error_document_for_servers(site, client):
    french = client.get("/fr/404.html")
    body = french.get_data(as_text=True)
    assert french.status_code == 404 and html_lang(body) == ("fr", "ltr")
    assert "<h1>Page introuvable</h1>" in body and 'href="/fr/"' in body
    assert client.get("/de/404.html").status_code == 404
    assert html_lang(client.get("/404.html").get_data(as_text=True)) == ("en", "ltr")


def test_coordinators_area_is_never_prefixed(site, client):
    for path in ("/fr/manage/", "/fr/login", "/ar/logout", "/es/manage/pages/"):
        assert client.get(path).status_code == 404, path
    assert client.get("/login").status_code == 200


def test_coordinators_area_speaks_the_browser_language(site, client):
    page = client.get("/login", headers={"Accept-Language": "ar, en;q=0.5"})
    assert html_lang(page.get_data(as_text=True)) == ("ar", "rtl")
    page = client.get("/login", headers={"Accept-Language": "de"})
    assert html_lang(page.get_data(as_text=True)) == ("en", "ltr")


def test_public_pages_ignore_the_browser_language(site, client):
    page = client.get("/guidelines/", headers={"Accept-Language": "fr"})
    assert html_lang(page.get_data(as_text=True)) == ("en", "ltr")


def test_links_stay_in_the_page_language(site, client):
    body = client.get("/fr/guidelines/").get_data(as_text=True)
    links = {url for tag, _name, url in parse_html(body).links if tag == "a"}
    assert "/fr/partners/" in links and "/fr/" in links
    # Files are the same in every language; the coordinators' area is not prefixed.
    assert "/static/css/site.css" in body
    assert "/login" in links


def alternates(body: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', body))


@pytest.mark.parametrize("path", ["/pages/about/", "/fr/pages/about/", "/ar/pages/about/"])
def test_each_version_lists_every_version_with_hreflang(site, client, path):
    body = client.get(path).get_data(as_text=True)
    # Search engines take hreflang addresses in full only.
    assert alternates(body) == {
        "en": "http://localhost/pages/about/",
        "fr": "http://localhost/fr/pages/about/",
        "es": "http://localhost/es/pages/about/",
        "ar": "http://localhost/ar/pages/about/",
        "x-default": "http://localhost/pages/about/",
    }


# Hosts the site trusts (TRUSTED_HOSTS); test_host_header covers the others and SITE_URL.
@pytest.mark.parametrize("base_url", ["https://localhost/portal/", "http://127.0.0.1:8080/portal/"])
def test_hreflang_addresses_follow_the_address_the_site_is_reached_at(site, client, base_url):
    body = client.get("/fr/pages/about/", base_url=base_url)
    found = alternates(body.get_data(as_text=True))
    assert found["es"] == base_url + "es/pages/about/"
    assert found["x-default"] == base_url + "pages/about/"


def switcher(body: str) -> list[tuple[str, str]]:
    nav = re.search(r'<nav class="languages".*?</nav>', body, re.S)
    assert nav, "the page has no language switcher"
    return re.findall(r'<a href="([^"]+)"[^>]*lang="([^"]+)"', nav.group(0))


def test_switcher_keeps_the_reader_on_the_same_page(site, client):
    step = "/guidelines/initiation/getting-started/"
    body = client.get("/es" + step).get_data(as_text=True)
    assert switcher(body) == [
        (step, "en"), ("/fr" + step, "fr"), ("/es" + step, "es"), ("/ar" + step, "ar"),
    ]  # fmt: skip
    assert re.search(
        r'<a href="/es/guidelines/initiation/getting-started/" aria-current="true"', body
    )
    # The names are each language's own, written in it.
    assert "العربية" in body and "Français" in body


def test_files_have_one_address_for_every_language(site, client):
    assert client.get("/feed.xml").status_code == 200
    assert client.get("/fr/feed.xml").status_code == 404
    assert client.get("/fr/sitemap.xml").status_code == 404


def test_one_language_means_no_prefix_and_no_switcher(tmp_path):
    from tests.conftest import make_app

    # Configuration only, so one database (SQLite) is enough.
    app = make_app(tmp_path / "instance", LANGUAGES=["fr"])
    from app.extensions import db

    with app.app_context():
        db.create_all()
    client = app.test_client()
    body = client.get("/guidelines/").get_data(as_text=True)
    assert html_lang(body) == ("fr", "ltr")
    assert 'class="languages"' not in body and "hreflang" not in body
    assert client.get("/fr/guidelines/").status_code == 404


def test_public_files_and_missing_pages_at_the_root_are_in_the_default_language(site, client):
    feed = client.get("/feed.xml", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert 'xml:lang="en"' in feed
    missing = client.get("/no-such-page/", headers={"Accept-Language": "ar"})
    assert missing.status_code == 404
    assert html_lang(missing.get_data(as_text=True)) == ("en", "ltr")


def test_links_typed_in_text_follow_the_page_language(app, client):
    with app.app_context():
        add_page("About", "about", "See [the guideline](/guidelines/) and [a file](/feed.xml).",
                 publish=True)  # fmt: skip
    french = client.get("/fr/pages/about/").get_data(as_text=True)
    assert 'href="/fr/guidelines/"' in french and 'href="/feed.xml"' in french
    english = client.get("/pages/about/").get_data(as_text=True)
    assert 'href="/guidelines/"' in english


@pytest.mark.parametrize("page", ["/", "/fr/partners/", "/manage/"])
@pytest.mark.parametrize("root", ["", "/coalition site"])
def test_the_export_builds_the_urls_url_for_does(app, page, root):
    """The export lists every public URL with ``url_builder``, faster than ``url_for``."""
    from flask import url_for

    from app.i18n import LANG_ARG, url_builder

    cases = [
        ("partners.index", {}),
        ("partners.partner", {"slug": "mê kông/delta & co"}),
        ("partners.group", {"group": "academia", "page": 2}),
        ("partners.index", {"q": "rice", "page": None}),
        ("static", {"filename": "css/site.css"}),
        ("crawl.sitemap", {}),
        ("partners.index", {"_anchor": "list"}),
        ("partners.partner", {"slug": "delta", "_external": True}),
        ("partners.partner", {"slug": "delta", "_external": False}),
        ("crawl.sitemap", {"_external": True}),
    ]
    with app.test_request_context(page, base_url=f"http://localhost{root}/"):
        build = url_builder(app)
        for endpoint, values in cases:
            for language in [None, *app.config["LANGUAGES"]]:
                given = dict(values, **({LANG_ARG: language} if language else {}))
                assert build(endpoint, **given) == url_for(endpoint, **given), (endpoint, given)


@pytest.mark.parametrize("page", ["/", "/ar/partners/"])
@pytest.mark.parametrize("root", ["", "/coalition site"])
def test_the_export_lists_each_page_at_url_for_s_address_in_every_language(site, page, root):
    """Each page's address in another language is derived from its default one: it must
    be the address url_for builds in that language, below any sub-path, whatever the
    language of the page asking (the live sitemap lists them too)."""
    from flask import url_for

    from app.export.registry import iter_public_urls, registry, site_path
    from app.i18n import LANG_ARG, prefixed_endpoints

    with site.test_request_context(page, base_url=f"http://localhost{root}/"):
        listed = [url.path for url in iter_public_urls(site)]
        expected = []
        for language in site.config["LANGUAGES"]:
            for source in registry(site).sources:
                if source.of_urls:
                    continue
                for item in source.generator():
                    if isinstance(item, str):
                        if language == site.config["LANGUAGES"][0]:
                            expected.append(item)
                        continue
                    endpoint, values = item
                    if endpoint in prefixed_endpoints(site):
                        url = url_for(endpoint, **values, **{LANG_ARG: language})
                    elif language == site.config["LANGUAGES"][0]:
                        url = url_for(endpoint, **values)
                    else:
                        continue
                    expected.append(site_path(url)[0])
    assert len(listed) > 100 and any(path.startswith("/ar/guidelines/") for path in listed)
    assert listed == expected
