"""Words coordinators read in /manage follow their language: kinds of record, the
guideline's checks, the audit log and the headings of a comparison."""

import html

import pytest
from sqlalchemy import select

from app.editing.models import Revision
from app.extensions import db
from app.guideline.models import GuidelinePage
from tests.editing_helpers import edit_form, form_fields, new_page, save, signed_in_client
from tests.guideline_helpers import import_bundled


def in_french(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "fr"
    return client


@pytest.fixture
def editor(app, make_user):
    return signed_in_client(app, make_user("editor"))


def text_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_kinds_of_record_are_named_in_the_coordinator_language(editor):
    body = text_of(in_french(editor).get("/manage/page/"))
    assert "<h1>Pages</h1>" in body and "Créer\u00a0: page</a>" in body
    assert "<h1>Créer\u00a0: page du guide</h1>" in text_of(
        editor.get("/manage/guideline-page/new")
    )
    assert "<h1>Créer\u00a0: partenaire</h1>" in text_of(editor.get("/manage/partner/new"))
    editor.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es"
    assert "<h1>Páginas</h1>" in text_of(editor.get("/manage/page/"))


def test_guideline_checks_speak_the_coordinator_language(app, make_user):
    import_bundled(app)
    editor = in_french(signed_in_client(app, make_user("editor")))
    with app.app_context():
        record_id = db.session.scalar(
            select(GuidelinePage.id).where(GuidelinePage.slug == "planning")
        )
    url = f"/manage/guideline-page/{record_id}/edit"
    fields = {**form_fields(editor.get(url)), "kind": "step"}
    body = fields["body"].replace("## Task 4.2:", "## Task 4.3:")

    response = editor.post(url, data={**fields, "body": body, "sources": "escap-unu-2018, x"})

    page = text_of(response)
    assert response.status_code == 422
    assert "Absent de sources.yml\u00a0: x." in page
    # The headings the text must have are quoted as written, untranslated.
    assert "Les titres de tâches du texte doivent suivre cette liste" in page
    assert "## Task 4.2:" in page
    assert "Not in sources.yml" not in page


def test_the_audit_log_names_actions_in_the_coordinator_language(app, make_user):
    admin = in_french(signed_in_client(app, make_user("admin")))
    body = text_of(admin.get("/manage/audit/"))
    assert "<td>connexion</td>" in body
    admin.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es"
    assert "<td>inicio de sesión</td>" in text_of(admin.get("/manage/audit/"))


def test_a_comparison_heads_each_change_with_the_field_label(app, editor):
    page_id = new_page(editor, body="The quick fox")
    save(editor, page_id, edit_form(editor, page_id), body="The slow fox")
    with app.app_context():
        first, second = db.session.scalars(
            select(Revision.id).where(Revision.record_id == page_id).order_by(Revision.id)
        ).all()[-2:]
    url = f"/manage/page/{page_id}/diff?from={first}&to={second}"
    assert "<h2>Texte</h2>" in text_of(in_french(editor).get(url))


def test_the_publish_page_names_pending_changes_in_the_coordinator_language(app, editor):
    new_page(editor, publish=True)
    body = text_of(in_french(editor).get("/manage/publish/"))
    assert " · publiée · page " in body
    assert " · publish · " not in body
