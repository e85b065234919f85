"""How many SQL statements each public page sends, on the demo coalition.

Each page has a bound; a page whose count grows with the records it lists (one query per
decision, per partner: an N+1) is caught by adding records and counting again.
"""

import re

import pytest

from app.extensions import db
from tests.partners_helpers import make_partner
from tests.query_helpers import counted
from tests.transparency_helpers import make_action, make_body, make_decision, make_meeting

# The bound of each page on the demo, as counted when it was last made cheaper: raising
# one needs a reason. The directory's pages: 11 since the page's ids are ranked on their
# own (a sort of narrow rows over every match) before its records are read, one
# statement more whatever the number of partners.
BOUNDS = {
    "/": 4,
    "/guidelines/": 5,
    "/guidelines/formation/planning/": 4,
    "/partners/": 11,
    "/partners/?q=water": 11,
    "/partners/adfr/": 8,
    "/meetings/": 5,
    "/decisions/": 12,
    "/fr/decisions/": 16,
    "/reports/": 5,
    "/funding/": 6,
    "/search/?q=water": 16,
}
GROWING = ("/", "/partners/", "/partners/?q=water", "/meetings/", "/decisions/", "/funding/")


@pytest.fixture
def app_config():
    """Every page rendered: the statements counted are the rendering's, not a kept page's
    (tests/test_page_cache.py)."""
    return {"PAGE_CACHE_BYTES": 0}


def statements_of(app, client, path: str) -> int:
    assert client.get(path).status_code == 200  # first visit: caches filled
    with counted(app) as statements:
        assert client.get(path).status_code == 200
    return len(statements)


def test_each_public_page_stays_within_its_query_bound(demo):
    client = demo.test_client()
    counts = {path: statements_of(demo, client, path) for path in BOUNDS}
    over = {path: count for path, count in counts.items() if count > BOUNDS[path]}
    assert not over, f"over their bound: {over} (bounds {BOUNDS})"


def test_a_meeting_page_stays_within_its_query_bound(demo):
    client = demo.test_client()
    listing = client.get("/meetings/").get_data(as_text=True)
    meeting = re.search(r'href="(/meetings/\d{4}-\d{2}-\d{2}-[^"/]+/)"', listing).group(1)
    assert statements_of(demo, client, meeting) <= 12


def test_more_records_do_not_mean_more_queries(demo):
    client = demo.test_client()
    before = {path: statements_of(demo, client, path) for path in GROWING}
    slugs = [f"water-users-{number}" for number in range(5)]
    for slug in slugs:
        make_partner(demo, name=slug.replace("-", " ").title(), slug=slug,
                     description="Irrigation and water for rice farmers.")  # fmt: skip
    with demo.test_request_context():
        body = make_body("Water Board", "water-board")
        meeting = make_meeting(body, "2025-06-02", slug="more", title="More records")
        for number, slug in enumerate(slugs):
            decision = make_decision(meeting, f"WB-{number}", f"Decision {number}")
            make_action(decision, slug, due="2025-07-01", title=f"Action {number}")
            make_action(decision, "adfr", due="2030-07-01", title=f"Later action {number}")
        db.session.commit()
    after = {path: statements_of(demo, client, path) for path in GROWING}
    grown = {path: (before[path], after[path]) for path in GROWING if after[path] > before[path]}
    assert not grown, f"statements before and after five more of each: {grown}"


@pytest.mark.parametrize("path", ["/decisions/", "/partners/?q=water"])
def test_the_counted_pages_show_the_records_added(demo, path):
    """The growth test above counts pages that do show more records."""
    make_partner(demo, name="Water Users 9", slug="water-users-9",
                 description="Irrigation and water for rice farmers.")  # fmt: skip
    with demo.test_request_context():
        body = make_body("Water Board", "water-board")
        meeting = make_meeting(body, "2025-06-02", slug="more", title="More records")
        make_decision(meeting, "WB-9", "Decision nine")
        db.session.commit()
    text = demo.test_client().get(path).get_data(as_text=True)
    assert ("Decision nine" if path == "/decisions/" else "Water Users 9") in text
