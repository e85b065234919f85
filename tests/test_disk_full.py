"""A full or read-only disk: pages still answer, error pages need no disk, saves keep
the text and say why nothing was saved."""

import http.client
import re
import resource
import signal
import socket
import sqlite3
import subprocess
import sys
from contextlib import closing, contextmanager
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from sqlalchemy import event, func, select, text

from app.editing.models import Revision
from app.extensions import db
from app.pages.models import Page
from tests.conftest import PASSWORD, make_app
from tests.editing_helpers import edit_form, form_fields, new_page, save, signed_in_client

ROOT = Path(__file__).resolve().parent.parent
OUT_OF_SPACE = "the server is out of space"
# Long enough that storing it needs pages the database does not have yet.
LONG_TEXT = "A paragraph the coordinator spent the morning on. " * 400


@pytest.fixture
def editor(app, make_user):
    return signed_in_client(app, make_user("editor", email="ana@example.org"))


@contextmanager
def database_refusing_writes(app):
    """The database as a full disk leaves it, for every connection opened from now on.

    SQLite: its size capped at the pages it has (``max_page_count``), so a save that needs
    one more fails with SQLITE_FULL, "database or disk is full". PostgreSQL: every
    transaction read-only, which is what managed servers switch on when their storage
    fills up.
    """
    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite":
            pages = db.session.execute(text("PRAGMA page_count")).scalar()
            statement = f"PRAGMA max_page_count = {pages}"
        else:
            statement = "SET default_transaction_read_only = on"
        db.session.remove()

        def refuse_writes(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute(statement)
            cursor.close()
            dbapi_connection.commit()  # PostgreSQL: a SET in a rolled back transaction is undone

        event.listen(engine, "connect", refuse_writes)
        engine.dispose()
    try:
        yield
    finally:
        with app.app_context():
            event.remove(engine, "connect", refuse_writes)
            engine.dispose()


def revision_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Revision))


def test_a_save_on_a_full_disk_shows_the_form_again_with_the_text(app, editor):
    page_id = new_page(editor, body="The text as it was.")
    data = edit_form(editor, page_id)
    before = revision_count(app)

    with database_refusing_writes(app):
        response = save(editor, page_id, data, body=LONG_TEXT, action="publish")

    html = response.get_data(as_text=True)
    assert response.status_code == 507
    assert OUT_OF_SPACE in html
    assert form_fields(response)["body"].rstrip() == LONG_TEXT.rstrip()
    # Nothing half-written: no revision, no change to the page, and the next save works.
    assert revision_count(app) == before
    with app.app_context():
        assert db.session.get(Page, page_id).body == "The text as it was."
    again = save(editor, page_id, form_fields(response), body=LONG_TEXT)
    assert again.status_code == 303


def test_a_new_record_on_a_full_disk_shows_the_form_again_with_the_text(app, editor):
    data = form_fields(editor.get("/manage/page/new"))
    data.update(title="Our charter", slug="charter", summary="", body=LONG_TEXT)

    with database_refusing_writes(app):
        response = editor.post("/manage/page/new", data=data)

    assert response.status_code == 507
    assert OUT_OF_SPACE in response.get_data(as_text=True)
    fields = form_fields(response)
    assert (fields["title"], fields["body"].rstrip()) == ("Our charter", LONG_TEXT.rstrip())
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Page)) == 0


def test_an_error_page_writes_nothing_to_disk(app, client):
    cache = Path(app.instance_path) / "cache" / "templates"

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)
    assert list(cache.iterdir()) == []


def test_pages_render_when_the_template_cache_folder_cannot_be_made(tmp_path):
    instance = tmp_path / "instance"
    (instance / "cache").mkdir(parents=True)
    (instance / "cache" / "templates").write_text("a file where the folder should be")

    app = make_app(instance)
    with app.app_context():
        db.create_all()
    client = app.test_client()

    assert client.get("/guidelines/").status_code == 200
    assert client.get("/no-such-page/").status_code == 404


# -- a real server on a full disk ------------------------------------------------------


@contextmanager
def served_on_a_full_disk(instance: Path):
    """gunicorn serving the app from ``instance`` with no room to write any file.

    RLIMIT_FSIZE 0 makes every write to a file fail with EFBIG, as a full disk fails with
    ENOSPC (Python ignores SIGXFSZ, so the write returns the error). The SQLite database
    is held open here meanwhile, so the server's readers find its shared-memory file made.
    Yields the server's base URL and a callable that stops it and returns its log.
    """
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    env = {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(ROOT),
        "ROUNDTABLE_INSTANCE_PATH": str(instance),
        "ROUNDTABLE_SECRET_KEY": "a served test's key, long enough for the checks 0123",
    }

    def no_room_to_write():
        resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))

    with closing(sqlite3.connect(instance / "roundtable.sqlite3")) as reader:
        reader.execute("SELECT count(*) FROM sqlite_master").fetchone()
        server = subprocess.Popen(  # noqa: S603  (our own command line)
            [sys.executable, "-m", "gunicorn", "--preload", "--workers", "1",
             # What gunicorn advises anyway: its heartbeat files off the disk.
             "--worker-tmp-dir", "/dev/shm",  # noqa: S108
             "--no-control-socket", "--graceful-timeout", "0",
             "--bind", f"fd://{listener.fileno()}", "app:create_app()"],
            cwd=ROOT, env=env, pass_fds=[listener.fileno()], preexec_fn=no_room_to_write,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        listener.close()

        def stop() -> str:
            server.send_signal(signal.SIGINT)  # a quick shutdown
            return server.communicate(timeout=30)[1]

        try:
            yield f"http://127.0.0.1:{port}", stop
        finally:
            if server.poll() is None:
                stop()


def fetch(base: str, path: str, data: dict | None = None, cookie: str = ""):
    """(status, body, Set-Cookie) of one request; raises if no answer comes back."""
    connection = http.client.HTTPConnection(urlsplit(base).netloc, timeout=60)
    headers = {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}
    body = urlencode(data) if data is not None else None
    connection.request("POST" if data is not None else "GET", path, body, headers)
    response = connection.getresponse()
    answer = response.status, response.read().decode(), response.getheader("Set-Cookie") or ""
    connection.close()
    return answer


def test_a_server_on_a_full_disk_still_answers(tmp_path):
    instance = tmp_path / "instance"
    app = make_app(instance)
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    from app.accounts.models import Role
    from app.accounts.services import create_user

    with app.app_context():
        create_user("ana@example.org", PASSWORD, Role.EDITOR, None)
        db.engine.dispose()

    with served_on_a_full_disk(instance) as (base, stop):
        # Public pages whose templates were never compiled: compiled in memory instead.
        assert fetch(base, "/")[0] == 200
        status, body, _cookie = fetch(base, "/guidelines/")
        assert status == 200 and "<h1" in body
        status, body, _cookie = fetch(base, "/no-such-page/")
        assert (status, "Page not found" in body) == (404, True)
        # A write the disk refuses: the sign-in counts a failed attempt.
        status, body, cookie = fetch(base, "/login")
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', body).group(1)
        form = {"email": "ana@example.org", "password": "wrong", "csrf_token": token}
        status, body, _cookie = fetch(base, "/login", form, cookie.split(";")[0])
        assert status == 507
        assert "out of space" in body
        log = stop()

    assert log.count("Compiled template cache: cannot write") == 1, log
