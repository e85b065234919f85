"""Translations of the coalition's own text: edited in /manage, shown in their language."""

import re

from tests.editing_helpers import form_fields, new_page, signed_in_client
from tests.partners_helpers import make_partner


def translate(client, page_id, language, publish=False, **values):
    url = f"/manage/translations/page/{page_id}/{language}"
    data = form_fields(client.get(url))
    data.update(values)
    if publish:
        data["action"] = "publish"
    response = client.post(url, data=data)
    assert response.status_code == 303, response.get_data(as_text=True)
    return response


def test_published_translation_is_shown_in_its_language_only(app, make_user):
    client = signed_in_client(app, make_user("editor"))
    page_id = new_page(client, title="About us", body="We share water.", publish=True)
    translate(client, page_id, "fr", publish=True, title="Qui sommes-nous",
              body="Nous partageons la rivière.")  # fmt: skip
    reader = app.test_client()
    french = reader.get("/fr/pages/about/").get_data(as_text=True)
    assert "<h1>Qui sommes-nous</h1>" in french
    assert "Nous partageons la rivière." in french and "We share water." not in french
    assert "Not yet translated" not in french
    english = reader.get("/pages/about/").get_data(as_text=True)
    assert "<h1>About us</h1>" in english and "Qui sommes" not in english
    spanish = reader.get("/es/pages/about/").get_data(as_text=True)
    assert "Qui sommes" not in spanish


def test_untranslated_text_is_the_original_marked_as_such(app, make_user):
    client = signed_in_client(app, make_user("editor"))
    new_page(client, title="About us", body="We share water.", publish=True)
    arabic = app.test_client().get("/ar/pages/about/").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in arabic
    assert '<h1 lang="en" dir="ltr">About us</h1>' in arabic
    note = re.search(r'<p class="untranslated">([^<]+)</p>\s*<div class="fallback" lang="en" '
                     r'dir="ltr">\s*<p>We share water.</p>', arabic)  # fmt: skip
    assert note, arabic
    # The default language never carries the note.
    english = app.test_client().get("/pages/about/").get_data(as_text=True)
    assert "untranslated" not in english and 'lang="en" dir="ltr">About' not in english


def test_a_translation_missing_one_field_shows_that_field_untranslated(app, make_user):
    client = signed_in_client(app, make_user("editor"))
    page_id = new_page(client, title="About us", body="We share water.", publish=True)
    translate(client, page_id, "es", publish=True, title="Quiénes somos", body="")
    spanish = app.test_client().get("/es/pages/about/").get_data(as_text=True)
    assert "<h1>Quiénes somos</h1>" in spanish
    assert 'class="fallback" lang="en"' in spanish and "We share water." in spanish


def test_draft_translation_stays_private(app, make_user):
    client = signed_in_client(app, make_user("editor"))
    page_id = new_page(client, title="About us", body="We share water.", publish=True)
    translate(client, page_id, "fr", title="Brouillon secret", body="Pas encore.")
    french = app.test_client().get("/fr/pages/about/").get_data(as_text=True)
    assert "Brouillon secret" not in french and '<h1 lang="en" dir="ltr">About us</h1>' in french
    # Published, then edited as a draft: readers keep the published text.
    translate(client, page_id, "fr", publish=True, title="Qui sommes-nous")
    translate(client, page_id, "fr", title="Nouveau brouillon")
    french = app.test_client().get("/fr/pages/about/").get_data(as_text=True)
    assert "Qui sommes-nous" in french and "Nouveau brouillon" not in french


def test_a_translation_of_an_unpublished_record_is_not_public(app, make_user):
    client = signed_in_client(app, make_user("editor"))
    page_id = new_page(client, title="Draft page", slug="draft", body="Hidden.")
    translate(client, page_id, "fr", publish=True, title="Page cachée")
    assert app.test_client().get("/fr/pages/draft/").status_code == 404


def test_edit_page_lists_each_language_with_its_state(app, make_user):
    client = signed_in_client(app, make_user("editor"))
    page_id = new_page(client, title="About us", body="We share water.", publish=True)
    translate(client, page_id, "fr", publish=True, title="Qui sommes-nous")
    translate(client, page_id, "ar", title="من نحن")
    body = client.get(f"/manage/page/{page_id}/edit").get_data(as_text=True)
    line = re.search(r'<p class="translations">(.*?)</p>', body, re.S).group(1)
    states = re.findall(r'lang="(\w+)">[^<]+</a>\s*<span class="muted">\(([^)]+)\)', line)
    assert states == [("fr", "published"), ("es", "none"), ("ar", "draft")]


def test_translation_keeps_its_own_history_with_its_editor(app, make_user):
    editor = make_user("editor", email="amina@example.org")
    client = signed_in_client(app, editor)
    page_id = new_page(client, title="About us", body="We share water.", publish=True)
    translate(client, page_id, "fr", title="Qui", change_note="first go")
    translate(client, page_id, "fr", title="Qui sommes-nous", publish=True)
    page = client.get(f"/manage/translations/page/{page_id}/fr").get_data(as_text=True)
    history = page[page.index('id="revisions"') :]
    assert history.count("<li>") == 2 and "amina@example.org" in history
    assert "first go" in history and "published" in history
    # The record's own history is untouched by its translations.
    record_history = client.get(f"/manage/page/{page_id}/history").get_data(as_text=True)
    assert "first go" not in record_history


def test_unpublishing_a_translation_brings_back_the_original(app, make_user):
    from tests.conftest import csrf_token_from

    client = signed_in_client(app, make_user("editor"))
    page_id = new_page(client, title="About us", body="We share water.", publish=True)
    translate(client, page_id, "fr", publish=True, title="Qui sommes-nous")
    url = f"/manage/translations/page/{page_id}/fr"
    token = csrf_token_from(client.get(url))
    assert client.post(url + "/unpublish", data={"csrf_token": token}).status_code == 303
    french = app.test_client().get("/fr/pages/about/").get_data(as_text=True)
    assert "Qui sommes-nous" not in french and "About us" in french


def test_translations_are_for_coordinators_only(app, make_user):
    editor = signed_in_client(app, make_user("editor"))
    page_id = new_page(editor, title="About us", body="Text.", publish=True)
    url = f"/manage/translations/page/{page_id}/fr"
    assert app.test_client().get(url).status_code == 303  # asked to sign in
    make_partner(app, slug="dfu")
    partner = signed_in_client(app, make_user("partner", organisation="dfu"))
    assert partner.get(url).status_code == 403
    # Only the enabled languages other than the default can be translated into.
    assert editor.get(f"/manage/translations/page/{page_id}/en").status_code == 404
    assert editor.get(f"/manage/translations/page/{page_id}/de").status_code == 404


def test_a_translation_without_a_token_is_refused(app, make_user):
    client = signed_in_client(app, make_user("editor"))
    page_id = new_page(client, title="About us", body="Text.", publish=True)
    response = client.post(f"/manage/translations/page/{page_id}/fr", data={"title": "X"})
    assert response.status_code == 400
    french = app.test_client().get("/fr/pages/about/").get_data(as_text=True)
    assert '<h1 lang="en" dir="ltr">About us</h1>' in french


def test_dashboard_counts_published_translations_per_kind_and_language(app, make_user):
    client = signed_in_client(app, make_user("editor"))
    first = new_page(client, title="About us", slug="about", body="A.", publish=True)
    second = new_page(client, title="Join", slug="join", body="B.", publish=True)
    hidden = new_page(client, title="Draft", slug="draft", body="C.")
    translate(client, first, "fr", publish=True, title="Qui")
    translate(client, second, "fr", publish=True, title="Rejoindre")
    translate(client, first, "es", title="Borrador")  # a draft does not count
    translate(client, hidden, "ar", publish=True, title="مسودة")  # nor an unpublished record
    body = client.get("/manage/").get_data(as_text=True)
    row = re.search(r'<tr><th scope="row">Pages</th>(.*?)</tr>', body, re.S).group(1)
    assert re.findall(r'data-language="(\w+)">([^<]+)<', row) == [
        ("fr", "2 / 2"), ("es", "0 / 2"), ("ar", "0 / 2"),
    ]  # fmt: skip


def test_purging_a_record_removes_its_translations(app, make_user):
    from sqlalchemy import func, select

    from app.editing.services import purge_record, trash_record
    from app.extensions import db
    from app.pages.models import Page
    from app.translating.models import Translation

    client = signed_in_client(app, make_user("editor"))
    page_id = new_page(client, title="About us", body="A.", publish=True)
    translate(client, page_id, "fr", publish=True, title="Qui")
    with app.app_context():
        page = db.session.get(Page, page_id)
        trash_record(page, None)
        purge_record(page, None)
        assert db.session.scalar(select(func.count()).select_from(Translation)) == 0


def test_setup_imports_the_bundled_translations_of_the_guideline(app, runner):
    from app.extensions import db

    with app.app_context():
        db.drop_all()  # `flask setup` migrates the database itself
    result = runner.invoke(args=["setup"])
    assert result.exit_code == 0, result.output
    assert "Translations (fr): 18 added, 0 kept." in result.output
    reader = app.test_client()
    french = reader.get("/fr/guidelines/").get_data(as_text=True)
    assert "<h1>Les partenariats multipartites : vue d&#39;ensemble</h1>" in french
    assert ">Lancement</tspan>" in french  # the cycle of modules
    module = reader.get("/fr/guidelines/initiation/").get_data(as_text=True)
    assert "<h1>Module A : Lancement</h1>" in module
    # The overview's body is not translated: it is the English text, said to be so.
    assert 'class="fallback" lang="en" dir="ltr"' in french
    arabic = reader.get("/ar/guidelines/initiation/getting-started/").get_data(as_text=True)
    assert "<h1>الخطوة 1: البداية</h1>" in arabic
    assert "الوحدة أ: الانطلاق" in arabic  # the breadcrumb names the module in Arabic
    # A second run keeps every translation as it is.
    again = runner.invoke(args=["setup"])
    assert "Translations (es): 0 added, 18 kept." in again.output


def test_a_report_shows_its_translation_or_the_original_marked(app):
    from markupsafe import escape
    from sqlalchemy import select

    from app.demo import load_demo
    from app.extensions import db
    from app.reports.models import Report
    from app.translating.services import save_translation

    with app.app_context():
        load_demo()
        report = db.session.scalars(select(Report).where(Report.summary != "")).first()
        slug, title = report.slug, report.title
        save_translation(report, "fr", {"title": "Rapport traduit"}, None, None, publish=True)
    reader = app.test_client()
    french = reader.get(f"/fr/reports/{slug}/").get_data(as_text=True)
    assert "<h1>Rapport traduit</h1>" in french
    assert 'class="untranslated"' in french  # its summary is not translated
    arabic = reader.get(f"/ar/reports/{slug}/").get_data(as_text=True)
    assert f'<h1 lang="en" dir="ltr">{escape(title)}</h1>' in arabic
