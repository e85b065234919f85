"""On SQLite one change is written at a time: no one's save may fail because another is slow.

These tests run on a SQLite file with a short lock wait (SQLITE_BUSY_TIMEOUT_MS), so that
a request holding the lock for longer than that shows at once.
"""

import io
import re
import sqlite3
import threading
from contextlib import contextmanager
from datetime import timedelta
from html import unescape
from pathlib import Path

import pytest
from sqlalchemy import update

from app.accounts.models import Role, SignInSession, User, utcnow
from app.accounts.services import create_user
from app.extensions import db
from tests.conftest import PASSWORD, make_app
from tests.editing_helpers import edit_form, new_page, save, signed_in_client

BUSY_TIMEOUT_MS = 250


@pytest.fixture
def sqlite_app(tmp_path):
    app = make_app(tmp_path / "instance", "", SQLITE_BUSY_TIMEOUT_MS=BUSY_TIMEOUT_MS)
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def editor_client(app, email):
    with app.app_context():
        user = create_user(email, PASSWORD, Role.EDITOR)
        db.session.refresh(user)
        db.session.expunge(user)
    return signed_in_client(app, user)


def many_pages(count: int) -> bytes:
    """A valid PDF of ``count`` blank pages, written directly (fast even for thousands)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    for _ in range(count):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>")
    kids = b" ".join(b"%d 0 R" % number for number in range(3, count + 3))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % start
    return bytes(out)


class WatchedBody(io.BytesIO):
    """A request body that says when the server has read all of it."""

    def __init__(self, data: bytes):
        super().__init__(data)
        self.size = len(data)
        self.all_read = threading.Event()

    def read(self, size=-1):
        return self._watched(super().read(size))

    def read1(self, size=-1):
        return self._watched(super().read1(size))

    def readline(self, size=-1):
        return self._watched(super().readline(size))

    def readinto(self, buffer):
        return self._watched(super().readinto(buffer))

    def _watched(self, result):
        if self.tell() >= self.size:
            self.all_read.set()
        return result


def multipart(fields: dict, filename: str, data: bytes) -> tuple[bytes, str]:
    boundary = "roundtable-test-boundary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: application/pdf\r\n\r\n".encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def test_a_save_succeeds_while_another_editor_uploads_a_slow_pdf(sqlite_app):
    uploader = editor_client(sqlite_app, "ana@example.org")
    writer = editor_client(sqlite_app, "ben@example.org")
    report_id = new_page(uploader, title="Report", slug="report")
    page_id = new_page(writer, title="About", slug="about", body="Old text.")
    form = edit_form(writer, page_id)
    # Thousands of pages: checking takes several times the lock wait allowed above.
    body, content_type = multipart(
        {"csrf_token": edit_form(uploader, report_id)["csrf_token"], "alt_text": ""},
        "long.pdf",
        many_pages(6000),
    )
    stream = WatchedBody(body)
    uploaded = {}

    def upload():
        response = uploader.post(
            f"/manage/page/{report_id}/attachments",
            input_stream=stream,
            content_type=content_type,
            content_length=len(body),
        )
        uploaded["status"] = response.status_code

    thread = threading.Thread(target=upload)
    thread.start()
    try:
        # The server has the whole file and is checking it when the other editor saves.
        assert stream.all_read.wait(10)
        saved = save(writer, page_id, form, body="New text.")
        still_checking = thread.is_alive()
    finally:
        thread.join(60)
    assert saved.status_code == 303, saved.get_data(as_text=True)
    assert still_checking, "the save was made while the upload was being checked"
    assert uploaded["status"] == 303
    assert "New text." in edit_form(writer, page_id)["body"]


def test_a_save_that_cannot_wait_longer_for_the_lock_keeps_the_text_to_send_again(
    sqlite_app,
):
    editor = editor_client(sqlite_app, "ana@example.org")
    page_id = new_page(editor, body="Old text.")
    form = edit_form(editor, page_id)
    text = 'A careful new paragraph, with "quotes" & <angle brackets>.\nAnd a second line.'

    other = sqlite3.connect(Path(sqlite_app.instance_path) / "roundtable.sqlite3")
    other.isolation_level = None
    other.execute("BEGIN IMMEDIATE")  # someone else's long change holds the write lock
    try:
        response = save(editor, page_id, form, body=text)
    finally:
        other.execute("ROLLBACK")
        other.close()

    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "The site is busy" in page and "Nothing was saved" in page
    assert "Traceback" not in page
    fields = {
        name: unescape(value)
        for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page)
    }
    assert fields["body"] == text
    # "Try again" sends the same text, which is now saved.
    again = editor.post(f"/manage/page/{page_id}/edit", data=fields)
    assert again.status_code == 303
    assert edit_form(editor, page_id)["body"] == text


@contextmanager
def write_lock_held(app):
    """Someone else's long change holds SQLite's one write lock meanwhile."""
    other = sqlite3.connect(Path(app.instance_path) / "roundtable.sqlite3")
    other.isolation_level = None
    other.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_a_forged_post_that_meets_a_busy_site_is_not_made_ready_to_send(sqlite_app):
    with sqlite_app.app_context():
        victim_id = create_user("ed@example.org", PASSWORD, Role.EDITOR).id
        admin = create_user("admin@example.org", PASSWORD, Role.ADMIN)
        db.session.refresh(admin)
        db.session.expunge(admin)
    client = signed_in_client(sqlite_app, admin)

    with write_lock_held(sqlite_app):
        # No token: another site's form, or a script, posting in the admin's name.
        response = client.post(f"/manage/users/{victim_id}/disable", data={"note": "gone"})

    page = response.get_data(as_text=True)
    assert response.status_code == 503
    # No form sends it again (with a fresh token); the text is shown to copy, read-only.
    assert f'action="/manage/users/{victim_id}/disable"' not in page
    assert "<textarea" in page and ">gone</textarea>" in page
    with sqlite_app.app_context():
        assert not db.session.get(User, victim_id).is_disabled


def test_a_signed_in_page_does_not_wait_behind_a_slow_save(sqlite_app):
    editor = editor_client(sqlite_app, "ana@example.org")
    with sqlite_app.app_context():
        # Long enough ago that the session's "last seen" would be noted again.
        db.session.execute(update(SignInSession).values(last_seen_at=utcnow() - timedelta(hours=1)))
        db.session.commit()

    with write_lock_held(sqlite_app):
        account = editor.get("/manage/account/")

    assert account.status_code == 200
    assert "My account" in account.get_data(as_text=True)
