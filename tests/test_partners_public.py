"""The public directory: search and facets with and without htmx, facet pages, the
organisation page, and what the public may never see."""

import html
import json
import re
from datetime import date, timedelta

import pytest

from app.partners.freshness import freshness_of
from tests.partners_helpers import make_partner

FRAGMENT = {"HX-Request": "true", "HX-Target": "results", "HX-Current-URL": "http://localhost/"}


@pytest.fixture
def partners(app):
    make_partner(
        app,
        name="Delta Water Users",
        slug="dwu",
        stakeholder_group="civil-society",
        country="VN",
        sdgs=[6],
        role="member",
        description="Irrigation for rice.",
    )
    make_partner(
        app,
        name="Rice Exporters",
        slug="rice",
        stakeholder_group="private-sector",
        country="KH",
        sdgs=[2, 6],
        role="funder",
        description="Buys water-wise rice.",
    )
    make_partner(
        app,
        name="Lao Water Lab",
        slug="lao-lab",
        stakeholder_group="academia",
        country="LA",
        sdgs=[6, 4],
        role="member",
        description="Tests river samples.",
    )
    make_partner(
        app,
        name="Secret Draft Org",
        slug="draft",
        publish=False,
        country="VN",
        sdgs=[6],
        description="water",
    )


def names(body: str) -> list[str]:
    return re.findall(r'<h3><a href="/partners/[^/]+/">([^<]+)</a>', body)


def test_the_full_page_includes_the_results_and_a_working_plain_form(client, partners):
    response = client.get("/partners/")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "HX-Request" in response.headers["Vary"]
    assert body.startswith("<!doctype html>")
    form = body[body.index('<form id="directory-search"') :]
    form = form[: form.index(">")]
    # Without JavaScript: a GET form to the same URL. With htmx: the same URL, pushed.
    assert 'method="get"' in form and 'action="/partners/"' in form
    assert 'data-hx-get="/partners/"' in form and 'data-hx-push-url="true"' in form
    assert 'id="results"' in body
    assert names(body) == ["Delta Water Users", "Lao Water Lab", "Rice Exporters"]
    assert "Secret Draft Org" not in body


def test_an_htmx_request_gets_only_the_fragment(client, partners):
    response = client.get("/partners/?q=water&group=academia", headers=FRAGMENT)
    body = response.get_data(as_text=True)
    assert "HX-Request" in response.headers["Vary"]
    assert body.lstrip().startswith('<div id="results"')
    assert "<html" not in body and "Balance of the partnership" not in body
    assert names(body) == ["Lao Water Lab"]


@pytest.mark.parametrize(
    "headers",
    [
        {"HX-Request": "true", "HX-Boosted": "true"},
        {"HX-Request": "true", "HX-History-Restore-Request": "true"},
    ],
    ids=["boosted", "history-restore"],
)
def test_boosted_and_history_requests_get_the_whole_page(client, partners, headers):
    response = client.get("/partners/?group=academia", headers=headers)
    body = response.get_data(as_text=True)
    assert body.startswith("<!doctype html>") and 'id="results"' in body
    assert names(body) == ["Lao Water Lab"]
    assert "HX-Request" in response.headers["Vary"]


def test_back_gets_the_whole_page_with_the_words_and_ticks_of_that_address(client, partners):
    """The browser keeps no snapshot of the directory (its typed words would be missing), so
    Back after a search asks the server, which must fill in the box and the ticks."""
    page = client.get("/partners/").get_data(as_text=True)
    form = page[page.index('<form id="directory-search"') :]
    assert 'data-hx-history="false"' in form[: form.index(">")]

    response = client.get(
        "/partners/?q=water&country=kh",
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    body = response.get_data(as_text=True)
    assert body.startswith("<!doctype html>")
    assert re.search(r'<input type="search" id="q" name="q" value="water"', body)
    assert re.search(r'id="f-country-kh" name="country" value="kh" checked', body)
    assert names(body) == ["Rice Exporters"]


def facet_counts(body: str, facet: str) -> dict[str, int]:
    found = re.findall(
        rf'name="{facet}" value="([^"]+)"( checked)?>\s*<label[^>]*>[^<]*<span class="count">(\d+)',
        body,
    )
    return {value: int(count) for value, _checked, count in found}


def test_facets_filter_and_count_without_javascript(client, partners):
    body = client.get("/partners/?sdg=6").get_data(as_text=True)
    assert facet_counts(body, "group") == {"civil-society": 1, "private-sector": 1, "academia": 1}
    assert facet_counts(body, "sdg") == {"2": 1, "4": 1, "6": 3}
    assert facet_counts(body, "country") == {"kh": 1, "la": 1, "vn": 1}

    body = client.get("/partners/?group=academia&group=private-sector").get_data(as_text=True)
    assert names(body) == ["Lao Water Lab", "Rice Exporters"]
    # A facet's own choice does not narrow its counts, so the other groups stay offered...
    assert facet_counts(body, "group")["civil-society"] == 1
    # ...while the other facets count only what is chosen.
    assert facet_counts(body, "role") == {"member": 1, "funder": 1}
    assert 'value="academia" checked' in body

    body = client.get("/partners/?country=KH&role=funder&sdg=2").get_data(as_text=True)
    assert names(body) == ["Rice Exporters"]
    assert "1 partner" in body


def test_unknown_facet_values_are_ignored_not_errors(client, partners):
    response = client.get("/partners/?group=pirates&sdg=99&sdg=x&country=ZZ&page=-3")
    assert response.status_code == 200
    assert len(names(response.get_data(as_text=True))) == 3


def test_search_puts_name_matches_first_and_matches_prefixes(client, app, partners):
    body = client.get("/partners/?q=water").get_data(as_text=True)
    # Both names with "water" come before the one that only says it in its description.
    assert names(body) == ["Delta Water Users", "Lao Water Lab", "Rice Exporters"]
    assert names(client.get("/partners/?q=wat").get_data(as_text=True))[:2] == [
        "Delta Water Users",
        "Lao Water Lab",
    ]
    assert names(client.get("/partners/?q=river+sampl").get_data(as_text=True)) == ["Lao Water Lab"]
    assert names(client.get("/partners/?q=zzzz").get_data(as_text=True)) == []
    # Search syntax typed by a reader is just words.
    response = client.get('/partners/?q="water* OR) NEAR(')
    assert response.status_code == 200


def test_search_finds_names_with_diacritics(client, app):
    make_partner(app, name="Cần Thơ Water Users", slug="ctwu")
    assert names(client.get("/partners/?q=Cần+Thơ").get_data(as_text=True)) == [
        "Cần Thơ Water Users"
    ]
    with app.app_context():
        from app.extensions import db

        folds_accents = db.engine.dialect.name == "sqlite"  # FTS5's remove_diacritics
    found = names(client.get("/partners/?q=can+tho").get_data(as_text=True))
    assert found == (["Cần Thơ Water Users"] if folds_accents else [])


def test_pagination_keeps_the_query_and_filters(client, app):
    for number in range(23):
        make_partner(app, name=f"Water group {number:02d}", slug=f"wg-{number}", country="TH")
    body = client.get("/partners/?q=water&country=th").get_data(as_text=True)
    assert len(names(body)) == 20
    assert "Page 1 of 2" in body
    next_link = html.unescape(re.search(r'href="([^"]+)" rel="next"', body).group(1))
    assert "q=water" in next_link and "country=th" in next_link and "page=2" in next_link
    second = client.get(next_link).get_data(as_text=True)
    assert len(names(second)) == 3 and "Page 2 of 2" in second


def test_facet_pages_list_their_partners_and_link_from_the_directory(client, partners):
    index = client.get("/partners/").get_data(as_text=True)
    for url in ("/partners/group/academia/", "/partners/country/la/", "/partners/sdg/4/"):
        assert f'href="{url}"' in index
        response = client.get(url)
        assert response.status_code == 200
        assert names(response.get_data(as_text=True)) == ["Lao Water Lab"]
    assert names(client.get("/partners/country/vn/").get_data(as_text=True)) == [
        "Delta Water Users"
    ]
    assert client.get("/partners/country/LA/").headers["Location"].endswith("/partners/country/la/")
    for missing in (
        "/partners/group/pirates/",
        "/partners/country/zz/",
        "/partners/sdg/18/",
        "/partners/country/fr/",
        "/partners/draft/",
    ):
        assert client.get(missing).status_code == 404, missing


def test_the_balance_chart_counts_every_group_and_each_region(client, partners):
    body = client.get("/partners/").get_data(as_text=True)
    charts = re.findall(r"<svg [^>]*role=\"img\".*?</svg>", body, re.S)
    assert len(charts) == 2
    by_group, by_region = charts
    assert by_group.count("<rect") == 10  # every group, the empty ones too
    assert "Civil society / NGO: 1" in by_group and "Media: 0" in by_group
    assert "South-eastern Asia: 3" in by_region


def test_the_organisation_page_carries_safe_json_ld(client, app):
    make_partner(
        app,
        name="Evil </script><script>alert(1)</script>",
        slug="evil",
        short_name="E&<!--",
        city="Huế",
        country="VN",
        joined_on="2020-01-02",
        stakeholder_group="government",
    )
    body = client.get("/partners/evil/").get_data(as_text=True)
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S).group(1)
    assert "<" not in script and "&" not in script.replace("\\u0026", "")
    data = json.loads(script)
    assert data["@type"] == "GovernmentOrganization"
    assert data["name"] == "Evil </script><script>alert(1)</script>"
    assert data["address"] == {
        "@type": "PostalAddress",
        "addressCountry": "VN",
        "addressLocality": "Huế",
    }
    assert data["memberOf"]["startDate"] == "2020-01-02"
    assert "<script>alert(1)" not in body


XSS = "<img src=x onerror=alert(1)>"


def test_every_public_field_is_escaped(client, app):
    make_partner(
        app,
        name=XSS,
        short_name=XSS,
        slug="x",
        city=XSS,
        website="https://x.example.org/?" + XSS,
        description=XSS + "\n\n[link](javascript:alert(1))",
        focus_areas=[XSS],
        sdg_targets=["6.1"],
        sdgs=[6],
        contributions=[{"type": "data", "description": XSS}],
        contact_name=XSS,
        contact_role=XSS,
        contact_phone=XSS,
        contact_name_public=True,
        contact_role_public=True,
        contact_phone_public=True,
        contact_email="a@b.org",
        contact_email_visibility="public",
    )
    make_partner(app, slug="y", contact_email=XSS + "@x.org", contact_email_visibility="obfuscated")
    pages = [
        "/partners/",
        "/partners/x/",
        "/partners/y/",
        "/partners/?q=img",
        "/partners/group/civil-society/",
        "/partners/country/vn/",
        "/partners/sdg/6/",
    ]
    for url in pages:
        body = client.get(url).get_data(as_text=True)
        assert "<img src=x" not in body, url
        assert 'href="javascript:' not in body, url
    assert "&lt;img src=x onerror=alert(1)&gt;" in client.get("/partners/x/").get_data(as_text=True)


def test_contact_details_appear_only_as_the_partner_chose(client, app):
    make_partner(
        app,
        slug="hidden",
        contact_name="Hidden Person",
        contact_email="hid@x.org",
        contact_phone="+1 555 0001",
    )
    make_partner(
        app,
        slug="disguised",
        contact_name="Shown Person",
        contact_name_public=True,
        contact_email="shown@x.org",
        contact_email_visibility="obfuscated",
    )
    make_partner(
        app,
        slug="open",
        contact_email="open@x.org",
        contact_email_visibility="public",
        contact_phone="+1 555 0003",
        contact_phone_public=True,
    )

    hidden = client.get("/partners/hidden/").get_data(as_text=True)
    assert "hid@x.org" not in hidden and "Hidden Person" not in hidden and "555 0001" not in hidden
    disguised = client.get("/partners/disguised/").get_data(as_text=True)
    assert "shown@x.org" not in disguised and "mailto:" not in disguised
    assert "shown [at] x [dot] org" in disguised and "Shown Person" in disguised
    opened = client.get("/partners/open/").get_data(as_text=True)
    assert 'href="mailto:open@x.org"' in opened and "+1 555 0003" in opened

    for url in ("/data/partners.csv", "/data/partners.json"):
        data = client.get(url).get_data(as_text=True)
        assert "hid@x.org" not in data and "Hidden Person" not in data and "555 0001" not in data
        assert "shown@x.org" not in data and "open@x.org" in data, url


@pytest.mark.parametrize(
    ("days_ago", "light"),
    [(0, "green"), (365, "green"), (366, "yellow"), (730, "yellow"), (731, "red"), (None, "red")],
)
def test_the_freshness_light_follows_the_last_confirmation(days_ago, light):
    today = date(2026, 6, 1)
    confirmed = None if days_ago is None else today - timedelta(days=days_ago)
    assert freshness_of(confirmed, today).light == light


def test_the_organisation_page_shows_the_light_with_words(client, app):
    stale = (date.today() - timedelta(days=900)).isoformat()
    make_partner(app, slug="old", last_confirmed_on=stale)
    body = client.get("/partners/old/").get_data(as_text=True)
    assert "freshness-red" in body and "Not confirmed recently" in body


def test_the_first_attached_image_is_the_logo(client, app):
    import io

    from PIL import Image

    from app.editing.services import publish_record
    from app.extensions import db
    from app.partners.models import Partner
    from app.uploads.services import store_attachment

    organisation_id = make_partner(app, slug="with-logo", name="Logo Org")
    make_partner(app, slug="without-logo", name="Another Org")
    picture = io.BytesIO()
    Image.new("RGB", (40, 20), "teal").save(picture, format="PNG")
    with app.app_context():
        record = db.session.get(Partner, organisation_id)
        store_attachment(record, picture.getvalue(), "logo.png", None, alt_text="Logo Org logo")
        publish_record(record, None)

    body = client.get("/partners/with-logo/").get_data(as_text=True)
    src = re.search(r'<img class="logo" src="([^"]+)" alt="Logo Org logo"', body).group(1)
    download = client.get(src)
    assert download.mimetype == "image/png"
    download.close()
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S).group(1)
    assert json.loads(script)["logo"].endswith(src)
    document = json.loads(client.get("/data/partners.json").get_data(as_text=True))
    by_id = {organisation["id"]: organisation for organisation in document["organizations"]}
    assert by_id["with-logo"]["image"].endswith(src)
    assert "image" not in by_id["without-logo"]


def test_the_static_copy_drops_the_live_search_but_keeps_the_facet_pages(app, partners):
    # The export renders templates with ``exporting`` set, as edit_link() expects.
    app.context_processor(lambda: {"exporting": True})
    body = app.test_client().get("/partners/").get_data(as_text=True)
    assert "<form" not in body.split("<footer")[0] and "hx-get" not in body
    assert 'href="/partners/group/academia/"' in body
    assert names(body) == ["Delta Water Users", "Lao Water Lab", "Rice Exporters"]
