"""Readers without a session get public pages kept in the worker's memory, rendered once;
an edit shows on the next visit, and nothing of one person's is ever kept."""

import pytest
from flask import flash, render_template_string, request

from app.extensions import db
from app.pagecache.serving import store_of
from tests.conftest import make_app
from tests.editing_helpers import edit_form, new_page, publish, save, signed_in_client
from tests.query_helpers import counted


@pytest.fixture
def editor(app, make_user):
    return signed_in_client(app, make_user("editor"))


@pytest.fixture
def renders(app) -> list[str]:
    """A public page at /counted/ that notes each time it is rendered: ``?flash=1``
    flashes a message and shows it, ``?form=1`` shows a CSRF token, ``?missing=1``
    answers 404, ``?size=N`` is N bytes long."""
    rendered: list[str] = []

    @app.route("/counted/")
    def counted_page():
        rendered.append(request.full_path)
        if request.args.get("flash"):
            flash("Thank you.")
            return render_template_string("{{ get_flashed_messages()|join }}")
        if request.args.get("form"):
            return render_template_string("{{ csrf_token() }}")
        if request.args.get("missing"):
            return "Not here.", 404
        return "x" * int(request.args.get("size", 10))

    return rendered


def test_a_second_visit_is_answered_without_the_database(app):
    reader = app.test_client()
    first = reader.get("/")
    with counted(app) as statements:
        second = reader.get("/")

    assert statements == []
    assert second.status_code == 200 and second.data == first.data
    assert second.headers["ETag"] == first.headers["ETag"]
    assert second.headers["Cache-Control"] == "public, max-age=60"
    assert second.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]


def test_a_kept_page_still_answers_304_to_its_etag(app):
    reader = app.test_client()
    etag = reader.get("/").headers["ETag"]
    reader.get("/")

    again = reader.get("/", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""


def test_a_page_is_rendered_once_for_many_readers(app, renders):
    for _ in range(3):
        assert app.test_client().get("/counted/").status_code == 200
    assert renders == ["/counted/?"]


def test_a_published_edit_shows_on_the_next_visit(app, editor):
    page = new_page(editor, slug="about", body="We plant mangroves.", publish=True)
    reader = app.test_client()
    assert "We plant mangroves." in reader.get("/pages/about/").get_data(as_text=True)
    with counted(app) as statements:
        assert "We plant mangroves." in reader.get("/pages/about/").get_data(as_text=True)
    assert statements == []

    save(editor, page, edit_form(editor, page), body="We restore rice paddies.")
    publish(editor, page)

    public = reader.get("/pages/about/").get_data(as_text=True)
    assert "We restore rice paddies." in public and "mangroves" not in public


def test_an_edit_through_one_worker_shows_in_every_other(app, editor):
    """Two apps on one instance folder and database: two gunicorn workers."""
    page = new_page(editor, slug="about", body="We plant mangroves.", publish=True)
    other = make_app(app.instance_path, app.config["DATABASE_URL"])
    try:
        reader = other.test_client()
        assert "mangroves" in reader.get("/pages/about/").get_data(as_text=True)
        assert "mangroves" in reader.get("/pages/about/").get_data(as_text=True)

        save(editor, page, edit_form(editor, page), body="We restore rice paddies.")
        publish(editor, page)

        assert "rice paddies" in reader.get("/pages/about/").get_data(as_text=True)
    finally:
        with other.app_context():
            db.session.remove()
            db.engine.dispose()


def test_a_signed_in_person_neither_gets_nor_fills_a_kept_page(app, editor):
    new_page(editor, slug="about", body="Hello.", publish=True)
    editor.get("/pages/about/")
    reader = app.test_client()
    with counted(app) as statements:
        anonymous = reader.get("/pages/about/").get_data(as_text=True)
    assert statements, "the editor's visit filled the cache"
    assert 'action="/logout"' not in anonymous

    reader.get("/pages/about/")  # kept now
    signed_in = editor.get("/pages/about/")
    assert signed_in.headers["Cache-Control"] == "no-store"
    assert 'action="/logout"' in signed_in.get_data(as_text=True)


@pytest.mark.parametrize("query", ["flash=1", "form=1", "missing=1"])
def test_a_page_with_a_message_a_form_token_or_an_error_is_never_kept(app, renders, query):
    first = app.test_client().get(f"/counted/?{query}")
    second = app.test_client().get(f"/counted/?{query}")

    assert len(renders) == 2
    if query == "form=1":  # each reader's own token, for their own session
        assert first.data != second.data


def test_a_reader_with_a_session_is_not_served_a_kept_page(app, renders):
    app.test_client().get("/counted/")
    reader = app.test_client()
    reader.get("/login")  # its form's token is kept in a session
    reader.get("/counted/")
    assert renders == ["/counted/?", "/counted/?"]


def test_query_strings_are_different_pages(app, renders):
    for query in ("q=a", "q=b", "q=a", "q=b&page=2"):
        app.test_client().get(f"/counted/?{query}")
    assert renders == ["/counted/?q=a", "/counted/?q=b", "/counted/?q=b&page=2"]


def test_languages_are_different_pages(app):
    reader = app.test_client()
    for _ in range(2):
        assert '<html lang="en"' in reader.get("/").get_data(as_text=True)
        assert '<html lang="fr"' in reader.get("/fr/").get_data(as_text=True)


def test_an_htmx_fragment_and_its_page_are_different_pages(app):
    reader = app.test_client()
    for _ in range(2):
        fragment = reader.get("/partners/?q=water", headers={"HX-Request": "true"})
        assert "<html" not in fragment.get_data(as_text=True)
        assert "<html" in reader.get("/partners/?q=water").get_data(as_text=True)


@pytest.mark.parametrize("app_config", [{"PAGE_CACHE_BYTES": 5000}])
def test_the_pages_kept_stay_within_the_bytes_allowed(app, renders):
    for number in range(10):
        app.test_client().get(f"/counted/?size=1000&n={number}")
    store = store_of(app)
    assert store.bytes_used <= 5000 and 0 < len(store) < 10

    app.test_client().get("/counted/?size=1000&n=9")  # the latest: kept
    app.test_client().get("/counted/?size=1000&n=0")  # the oldest: out, rendered again
    assert renders[10:] == ["/counted/?size=1000&n=0"]

    app.test_client().get("/counted/?size=6000")
    app.test_client().get("/counted/?size=6000")  # bigger than the bound: never kept
    assert renders[11:] == ["/counted/?size=6000"] * 2


@pytest.mark.parametrize("app_config", [{"PAGE_CACHE_BYTES": 0}])
def test_no_bytes_allowed_renders_every_page(app, renders):
    for _ in range(2):
        app.test_client().get("/counted/")
    assert len(renders) == 2
