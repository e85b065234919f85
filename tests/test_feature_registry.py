"""A feature declares itself once: a kind of record from a test-only package
(tests/throwaway_feature), installed through EXTRA_FEATURES with no other edit to the app,
is found wherever the portal's own kinds are."""

import pytest

from app.editing.services import create_record, publish_record
from app.export import run_export
from app.extensions import db
from tests.editing_helpers import signed_in_client
from tests.throwaway_feature.models import Note, create_note_table

TITLE = "Zanzibar water ledger"


@pytest.fixture
def app_config():
    return {"EXTRA_FEATURES": ("tests.throwaway_feature",)}


@pytest.fixture
def note(app):
    """The id of a published note; its table is created here, outside the app's schema."""
    with app.app_context():
        create_note_table()
        record = create_record(
            Note, {"title": TITLE, "slug": "ledger", "body": "Who pays for the pumps."}, None
        )
        publish_record(record, None)
        note_id = record.id
    yield note_id
    with app.app_context():
        db.session.remove()
        Note.__table__.drop(db.engine)


def test_the_kind_is_listed_and_edited_in_manage(app, note, make_user):
    client = signed_in_client(app, make_user("editor"))
    listing = client.get("/manage/note/")
    assert listing.status_code == 200
    assert TITLE in listing.get_data(as_text=True)
    assert client.get(f"/manage/note/{note}/edit").status_code == 200


def manage_urls_of_the_kind(app, note_id: int) -> list[str]:
    """Every GET page of /manage that takes a record type, for the throwaway kind."""
    urls = []
    adapter = app.url_map.bind("localhost")
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/manage/") or "GET" not in rule.methods:
            continue
        if "record_type" not in rule.arguments or rule.arguments - {"record_type", "record_id"}:
            continue
        values = {"record_type": "note", "record_id": note_id}
        urls.append(adapter.build(rule.endpoint, {k: values[k] for k in rule.arguments}))
    return urls


def test_its_manage_pages_are_refused_to_readers_and_partners(app, note, make_user):
    urls = manage_urls_of_the_kind(app, note)
    assert "/manage/note/" in urls and f"/manage/note/{note}/edit" in urls
    anonymous = app.test_client()
    partner = signed_in_client(app, make_user("partner", organisation="acme"))
    editor = signed_in_client(app, make_user("editor"))
    assert editor.get(f"/manage/note/{note}/edit").status_code == 200
    for url in urls:
        assert anonymous.get(url).status_code == 303, url
        assert partner.get(url).status_code == 403, url
        # Let in (a diff without its revisions to compare is a 404, not a refusal).
        assert editor.get(url).status_code in (200, 404), url


def test_search_the_a_z_index_feeds_open_data_and_sitemap_find_it(app, note, client):
    assert 'href="/notes/ledger/"' in client.get("/search/?q=zanzibar").get_data(as_text=True)
    assert TITLE in client.get("/search/all/").get_data(as_text=True)
    assert TITLE in client.get("/feed.xml").get_data(as_text=True)
    assert TITLE in client.get("/notes/feed.xml").get_data(as_text=True)
    assert "/data/notes.csv" in client.get("/data/").get_data(as_text=True)
    assert TITLE in client.get("/data/notes.csv").get_data(as_text=True)
    assert "/notes/ledger/" in client.get("/sitemap.xml").get_data(as_text=True)


def test_the_export_writes_its_page(app, note, tmp_path):
    with app.app_context():
        report = run_export(tmp_path / "site")
    assert report.ok, report.problems
    page = tmp_path / "site" / "notes" / "ledger" / "index.html"
    assert TITLE in page.read_text()
