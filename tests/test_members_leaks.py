"""The demo's report kept for members reaches members and no one else: not one file of
the export (Pagefind's index included), feed, open data download, public page or live
search result says a word of its title, text, address or file name."""

import contextlib
import gzip
import zlib

import pytest
from sqlalchemy import select

from app.accounts.services import create_user, find_user
from app.demo.members import MEMBERS_REPORT, MEMBERS_REPORT_FILE
from app.export.registry import iter_public_urls
from app.extensions import db
from app.opendata.registry import all_datasets
from app.partners.demo import DEMO_PARTNER_USER
from tests.conftest import PASSWORD, AuthActions

# Words of the report that no public text of the demo uses.
MARKERS = [
    "mobilisation strategy 2027",  # the title
    "pooled fund for joint proposals",  # the summary
    MEMBERS_REPORT["slug"],  # the address
    MEMBERS_REPORT_FILE.removesuffix(".pdf"),  # the file's name
]
# A published report of the demo, to prove the search below would find a leak.
PUBLIC_MARKER = "annual report and accounts"


def found_in(data: bytes) -> list[str]:
    """The markers in ``data``, read as it is and, compressed, as unpacked."""
    texts = [data]
    for unpack in (gzip.decompress, zlib.decompress):
        with contextlib.suppress(OSError, EOFError, zlib.error):
            texts.append(unpack(data))
    found = []
    for text in texts:
        lowered = text.decode("utf-8", "replace").lower()
        found += [marker for marker in (*MARKERS, PUBLIC_MARKER) if marker.lower() in lowered]
    return found


def test_no_file_of_the_export_names_the_members_report(demo_template):
    root = demo_template.exported()
    leaks, public = [], 0
    for path in root.rglob("*"):
        if not path.is_file():
            continue
        found = found_in(path.read_bytes())
        public += PUBLIC_MARKER in found
        leaks += [f"{path.relative_to(root)}: {marker}" for marker in found
                  if marker != PUBLIC_MARKER]  # fmt: skip
        leaks += [str(path.relative_to(root))] if any(
            marker.lower() in path.name.lower() for marker in MARKERS
        ) else []  # fmt: skip
    assert public > 0, "the published report's words are found: the search works"
    assert leaks == []


@pytest.fixture
def app_config():
    return {"RATELIMIT_ENABLED": False}


def public_addresses(app) -> list[str]:
    """The live site's public lists, feeds, crawler files and data downloads, and the
    pages of every report and plain page, in the default language."""
    endpoints = ("home.", "reports.", "pages.", "search.", "feeds.", "opendata.", "crawl.")
    with app.test_request_context():
        languages = app.config["LANGUAGES"][1:]
        urls = [
            url.path
            for url in iter_public_urls(app)
            if (url.endpoint or "").startswith(endpoints)
            and not url.path.lstrip("/").startswith(tuple(f"{code}/" for code in languages))
        ]
        downloads = [f"/data/{name}.{fmt}" for name, dataset in all_datasets().items()
                     for fmt in dataset.files]  # fmt: skip
    searches = ["/search/?q=pooled+fund", "/search/?q=mobilisation+strategy",
                "/search/?q=consultation", "/search/all/"]  # fmt: skip
    feeds = ["/feed.xml", "/reports/feed.xml", "/meetings/upcoming.ics", "/sitemap.xml"]
    return sorted(set(urls + downloads + searches + feeds))


def test_no_live_public_page_feed_download_or_search_names_it(demo):
    reader = demo.test_client()
    addresses = public_addresses(demo)
    assert "/data/reports.csv" in addresses and "/reports/" in addresses
    leaks, public = [], 0
    for address in addresses:
        response = reader.get(address)
        found = found_in(response.get_data())
        response.close()
        public += PUBLIC_MARKER in found
        leaks += [f"{address}: {marker}" for marker in found if marker != PUBLIC_MARKER]
    assert public > 0
    assert leaks == []
    # Its address, guessed, is missing (the 404 page repeats an address typed: not scanned).
    for guess in ("/reports/{}/", "/pages/{}/", "/fr/reports/{}/"):
        assert reader.get(guess.format(MEMBERS_REPORT["slug"])).status_code == 404
    anonymous = reader.get(f"/members/documents/report/{MEMBERS_REPORT['slug']}/")
    assert anonymous.status_code == 303 and "/login" in anonymous.headers["Location"]


def test_the_demo_members_read_it(demo):
    with demo.app_context():
        contact = find_user(DEMO_PARTNER_USER)
        # The demo's password is random: a colleague at the same organisation signs in.
        create_user("colleague@example.org", PASSWORD, contact.role, contact.organisation_slug)
        from app.members.access import may_enter

        assert may_enter(contact)
        from app.reports.models import Report

        report = db.session.scalar(select(Report).where(Report.slug == MEMBERS_REPORT["slug"]))
        assert not report.is_published
    member = demo.test_client()
    assert AuthActions(member).login("colleague@example.org").headers["Location"] == "/members/"
    home = member.get("/members/").get_data(as_text=True)
    assert "Resource mobilisation strategy 2027" in home
    page = member.get(f"/members/documents/report/{MEMBERS_REPORT['slug']}/")
    assert "pooled fund for joint proposals" in page.get_data(as_text=True)
    assert MEMBERS_REPORT_FILE in page.get_data(as_text=True)

    # Signed out, the same browser reads it no more.
    AuthActions(member).logout()
    again = member.get(f"/members/documents/report/{MEMBERS_REPORT['slug']}/")
    assert again.status_code == 303
