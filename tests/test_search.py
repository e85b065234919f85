"""Site search at /search/ and the A–Z index at /search/all/: what a reader finds, and
what they never find (drafts, the trash, unapproved minutes, the coordinators' side)."""

import re

import pytest

from app.editing.services import (
    create_record,
    publish_record,
    save_record,
    trash_record,
    unpublish_record,
)
from app.extensions import db
from app.guideline.models import GuidelinePage
from app.pages.models import Page
from app.partners.models import Partner
from tests.partners_helpers import make_partner
from tests.transparency_helpers import (
    make_action,
    make_body,
    make_decision,
    make_funding,
    make_meeting,
    make_minutes,
    make_report,
)


def add_page(title, slug, body, publish=True) -> int:
    page = create_record(Page, {"title": title, "slug": slug, "summary": "", "body": body}, None)
    if publish:
        publish_record(page, None)
    return page.id


def result_links(response) -> list[str]:
    """The links of the results, in the order shown."""
    html = response.get_data(as_text=True)
    hits = html.split('<ol class="search-hits">', 1)
    if len(hits) == 1:
        return []
    return re.findall(r'<h2><a href="([^"]+)"', hits[1].split("</ol>", 1)[0])


def search(client, text, **args):
    return client.get("/search/", query_string={"q": text, **args})


@pytest.fixture
def record(app):
    """One published record of every kind, each with the word "zanzibar" somewhere."""
    with app.app_context():
        body = make_body("Zanzibar board", "zanzibar-board")
        meeting = make_meeting(body, "2025-03-12", slug="spring", title="Spring meeting",
                               summary="We talked about Zanzibar.")  # fmt: skip
        make_minutes(meeting, "Minutes mention zanzibar ferries.", stage="published")
        other = make_meeting(body, "2025-05-02", slug="may", title="May meeting")
        make_minutes(other, "Only the minutes say zanzibar.", stage="published")
        decision = make_decision(meeting, "SC-2025-01", title="Fund the Zanzibar pilot")
        make_action(decision, "", title="Write to Zanzibar")
        make_report("zanzibar-review", title="Zanzibar review", summary="A *review*.")
        make_funding("unknown-funder", "100.00", purpose="Zanzibar water points")
        add_page("Zanzibar notes", "zanzibar-notes", "About **Zanzibar**.")
        guideline = create_record(GuidelinePage, {"kind": "overview", "title": "Guideline",
                                                  "slug": "", "body": "Zanzibar in the guide."},
                                  None)  # fmt: skip
        publish_record(guideline, None)
    make_partner(app, name="Zanzibar Water Trust", slug="zanzibar-water-trust")


def test_finds_every_kind_of_published_record_with_its_link(client, record):
    response = search(client, "zanzibar")
    assert response.status_code == 200
    links = result_links(response)
    assert sorted(links) == sorted([
        "/partners/zanzibar-water-trust/",
        "/meetings/bodies/zanzibar-board/",
        "/meetings/2025-03-12-spring/",
        "/meetings/2025-05-02-may/",  # found by its published minutes alone
        "/decisions/#decision-1",
        "/decisions/#action-1",
        "/reports/zanzibar-review/",
        "/funding/#funding-1",
        "/pages/zanzibar-notes/",
        "/guidelines/",
    ])  # fmt: skip
    html = response.get_data(as_text=True)
    assert "10 results for “zanzibar”" in html
    # Each result says what it is; the words found are marked, without the Markdown.
    for label in ("Partner", "Governance body", "Meeting", "Decision", "Action", "Report",
                  "Funding", "Page", "Guideline"):  # fmt: skip
        assert f'<span class="tag">{label}</span>' in html
    assert "About <mark>Zanzibar</mark>." in html
    assert "**" not in html


def test_titles_that_match_come_first(client, record):
    links = result_links(search(client, "zanzibar review"))
    assert links[0] == "/reports/zanzibar-review/"


def test_every_word_must_match(client, record):
    assert result_links(search(client, "zanzibar ferries")) == ["/meetings/2025-03-12-spring/"]
    assert result_links(search(client, "zanzibar nowhere-to-be-found")) == []


def test_nothing_private_is_ever_found(app, client):
    with app.app_context():
        add_page("Draft plans", "draft-plans", "secretword in a draft", publish=False)
        trashed = add_page("Old page", "old-page", "secretword in the trash")
        trash_record(db.session.get(Page, trashed), None)
        withdrawn = add_page("Withdrawn", "withdrawn", "secretword once published")
        unpublish_record(db.session.get(Page, withdrawn), None)
        body = make_body()
        meeting = make_meeting(body, "2025-03-12", slug="spring", title="Spring meeting")
        make_minutes(meeting, "secretword in circulated minutes", stage="circulated")
        other = make_meeting(body, "2025-04-12", slug="april", title="April meeting")
        make_minutes(other, "secretword in approved, unpublished minutes", stage="approved")
        make_meeting(body, "2025-06-01", slug="draft", title="secretword", publish=False)
        # A published page whose newer draft is not published yet: the draft stays private.
        live = add_page("Live page", "live-page", "Published text.")
        page = db.session.get(Page, live)
        save_record(page, {"body": "secretword in an unpublished edit"}, page.head_revision_id,
                    None)  # fmt: skip
    make_partner(app, publish=False, name="Secretword Draft Org", slug="secretword-org")
    trashed_partner = make_partner(app, name="Secretword Trashed Org", slug="trashed-org")
    with app.app_context():
        trash_record(db.session.get(Partner, trashed_partner), None)

    response = search(client, "secretword")
    assert result_links(response) == []
    assert "0 results" in response.get_data(as_text=True)
    everything = client.get("/search/all/").get_data(as_text=True)
    assert "secretword" not in everything.lower()
    assert "Draft plans" not in everything and "Old page" not in everything
    assert "Live page" in everything


def test_an_unpublished_or_trashed_record_leaves_the_results(app, client):
    with app.app_context():
        page_id = add_page("Harbour", "harbour", "The harbour plan.")
    assert result_links(search(client, "harbour")) == ["/pages/harbour/"]
    with app.app_context():
        unpublish_record(db.session.get(Page, page_id), None)
    assert result_links(search(client, "harbour")) == []
    with app.app_context():
        page = db.session.get(Page, page_id)
        publish_record(page, None)
        assert result_links(search(client, "harbour")) == ["/pages/harbour/"]
        trash_record(page, None)
    assert result_links(search(client, "harbour")) == []


def test_nothing_of_the_coordinators_side_is_found(app, client, make_user):
    """Accounts, applications and the /manage menus are not public pages."""
    make_user("editor", email="quokka@example.org")
    response = search(client, "quokka")
    assert result_links(response) == []
    for text in ("Minutes approval", "Users", "Audit log"):
        assert not any("/manage" in link for link in result_links(search(client, text)))


@pytest.mark.parametrize(
    "text",
    [
        '"', '""', "'", "*", "zan*", "NEAR(a b)", "a NEAR/3 b", "((", "a) OR (b", "-", "^",
        "a AND OR NOT", "{name}: x", "name:x", "%", "_", "\\", "\x00", "<script>", "😀",
        "ß" * 300, "word " * 200, "x" * 10_000,
    ],
)  # fmt: skip
def test_odd_queries_never_fail(client, record, text):
    # A NUL character is refused for every query string, with the friendly 400 page.
    expected = 400 if "\x00" in text else 200
    response = search(client, text)
    assert response.status_code == expected
    html = response.get_data(as_text=True)
    assert "<script>" not in html.split("<main", 1)[1].split("</main>", 1)[0]
    fragment = client.get("/search/", query_string={"q": text}, headers={"HX-Request": "true"})
    assert fragment.status_code == expected


def test_the_query_is_shown_escaped_and_matches_are_marked_safely(app, client):
    with app.app_context():
        add_page("Tags", "tags", "Write <b>bold</b> & keep zanzibar text.")
    html = search(client, "<b>bold</b> zanzibar").get_data(as_text=True)
    assert 'value="&lt;b&gt;bold&lt;/b&gt; zanzibar"' in html
    assert "<b>bold</b>" not in html
    assert "<mark>zanzibar</mark>" in html


def test_empty_query_shows_the_form_and_no_results(client, record):
    response = client.get("/search/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<form id="site-search"' in html and 'name="q"' in html
    assert result_links(response) == []
    assert "results for" not in html


def test_page_fragment_and_boosted_request(client, record):
    page = search(client, "zanzibar")
    fragment = client.get(
        "/search/", query_string={"q": "zanzibar"}, headers={"HX-Request": "true"}
    )
    boosted = client.get(
        "/search/",
        query_string={"q": "zanzibar"},
        headers={"HX-Request": "true", "HX-Boosted": "true"},
    )
    for response in (page, fragment, boosted):
        assert response.status_code == 200
        assert "HX-Request" in response.vary
        assert result_links(response) == result_links(page)
    fragment_html = fragment.get_data(as_text=True)
    assert fragment_html.lstrip().startswith('<div id="search-results"')
    assert "<html" not in fragment_html
    assert "<html" in boosted.get_data(as_text=True)
    # The page includes the very fragment htmx swaps in.
    assert fragment_html.strip() in page.get_data(as_text=True)


def test_results_come_in_pages(app, client):
    with app.app_context():
        for number in range(45):
            add_page(f"Lagoon {number:02d}", f"lagoon-{number}", "The lagoon.", publish=True)
    first = search(client, "lagoon")
    html = first.get_data(as_text=True)
    assert len(result_links(first)) == 20
    assert "45 results" in html and "Page 1 of 3" in html
    assert 'href="/search/?q=lagoon&amp;page=2" rel="next"' in html
    third = search(client, "lagoon", page=3)
    assert len(result_links(third)) == 5
    assert 'href="/search/?q=lagoon&amp;page=2" rel="prev"' in third.get_data(as_text=True)
    seen = result_links(first) + result_links(search(client, "lagoon", page=2))
    assert len(set(seen + result_links(third))) == 45
    # A page past the end shows the last; a page that is not a number, the first.
    assert result_links(search(client, "lagoon", page=99)) == result_links(third)
    assert result_links(search(client, "lagoon", page="x")) == result_links(first)


def test_every_page_links_to_search(client):
    html = client.get("/search/all/").get_data(as_text=True)
    assert '<a href="/search/" aria-current="page">Search</a>' in html
    assert '<a href="/search/"' in client.get("/").get_data(as_text=True)


def test_the_a_to_z_index_lists_every_public_page_by_initial(client, record):
    html = client.get("/search/all/").get_data(as_text=True)
    for href in ("/partners/zanzibar-water-trust/", "/meetings/2025-03-12-spring/",
                 "/reports/zanzibar-review/", "/pages/zanzibar-notes/", "/guidelines/",
                 "/decisions/#decision-1", "/meetings/bodies/zanzibar-board/"):  # fmt: skip
        assert f'href="{href}"' in html
    letters = re.findall(r'<h2 id="letter-([a-z]+)">', html)
    assert letters == sorted(letters, key=lambda letter: (letter != "other", letter))
    zed = html.split('<h2 id="letter-z">', 1)[1].split("</section>", 1)[0]
    titles = re.findall(r'<li><a href="[^"]+">([^<]+)</a>', zed)
    assert titles == sorted(titles, key=str.casefold)
    assert "Zanzibar review" in titles


def test_too_many_matches_of_one_kind_ask_for_more_words(app, client, monkeypatch):
    monkeypatch.setattr("app.search.sources.MAX_PER_KIND", 3)
    monkeypatch.setattr("app.search.services.MAX_PER_KIND", 3)
    with app.app_context():
        for number in range(5):
            add_page(f"Mangrove {number}", f"mangrove-{number}", "Mangroves.")
    html = search(client, "mangrove").get_data(as_text=True)
    assert "3 results" in html
    assert "only the first 3 of each kind are shown (Page)" in html
    assert "only the first" not in search(client, "mangrove 4").get_data(as_text=True)
