"""What editing announces, and what its subscribers do with it within the same transaction."""

from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.editing.services import purge_record, trash_record
from app.editing.signals import record_purging
from app.extensions import db
from app.pages.models import Page
from app.translating.models import Translation
from app.uploads.models import Attachment
from tests.conftest import make_app
from tests.editing_helpers import edit_form, new_page, save, signed_in_client
from tests.test_content_translations import translate
from tests.test_editing import tiny_pdf
from tests.test_uploads import upload


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def page_with_file_and_translation(app, make_user):
    editor = signed_in_client(app, make_user("editor"))
    page_id = new_page(editor, body="A.", publish=True)
    assert upload(editor, page_id, tiny_pdf(), "minutes.pdf").status_code == 303
    translate(editor, page_id, "fr", publish=True, title="Qui")
    with app.app_context():
        trash_record(db.session.get(Page, page_id), None)
    return page_id


def test_a_purge_takes_files_translations_and_history_and_is_logged(
    app, page_with_file_and_translation
):
    with app.app_context():
        purge_record(db.session.get(Page, page_with_file_and_translation), None)
        assert (count(Page), count(Attachment), count(Translation)) == (0, 0, 0)
        actions = db.session.scalars(select(AuditEvent.action)).all()
        assert actions.count("purge") == 1
    assert list(Path(app.config["UPLOAD_FOLDER"]).iterdir()) == []


def test_a_purge_that_fails_halfway_leaves_everything_in_place(app, page_with_file_and_translation):
    def fail(_record, **_signal):
        raise RuntimeError("a subscriber failed")

    # Connected last, so the files and translations were already deleted in the session.
    record_purging.connect(fail)
    try:
        with app.app_context(), pytest.raises(RuntimeError):
            purge_record(db.session.get(Page, page_with_file_and_translation), None)
    finally:
        record_purging.disconnect(fail)
    with app.app_context():
        assert (count(Page), count(Attachment), count(Translation)) == (1, 1, 1)
        assert "purge" not in db.session.scalars(select(AuditEvent.action)).all()
        db.session.commit()  # a later commit of the same session removes nothing either
    assert len(list(Path(app.config["UPLOAD_FOLDER"]).iterdir())) == 1


def test_more_apps_do_not_log_a_save_twice(app, make_user, tmp_path):
    make_app(tmp_path / "another")  # subscribes again, as each app does
    editor = signed_in_client(app, make_user("editor"))
    page_id = new_page(editor, body="one")
    save(editor, page_id, edit_form(editor, page_id), body="two")
    with app.app_context():
        saves = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "save", AuditEvent.record_id == page_id)
        ).all()
        assert len(saves) == 1
