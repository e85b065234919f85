"""Meetings, decisions and actions in the language of the public page that shows them."""

import re
from datetime import timedelta

import pytest

from app.decisions.models import Action, Decision
from app.export import run_export
from app.extensions import db
from app.meetings.models import Meeting
from app.translating.services import save_translation
from app.transparency.dates import local_today
from tests.editing_helpers import signed_in_client
from tests.transparency_helpers import (
    make_action,
    make_body,
    make_decision,
    make_funding,
    make_meeting,
    make_minutes,
)

KEY = "2025-03-04-sc"
MEETING = f"/meetings/{KEY}/"
FALLBACK = 'lang="en" dir="ltr"'


@pytest.fixture
def records(app):
    """A body's meeting with approved minutes, one decision and one overdue action."""
    with app.app_context():
        body = make_body("Steering Committee", "steering-committee")
        meeting = make_meeting(body, "2025-03-04", slug="sc", title="Budget meeting",
                               summary="The year's budget was agreed.")  # fmt: skip
        make_minutes(meeting, "We met.", stage="published")
        decision = make_decision(meeting, "SC-2025-01", "Set the membership fees")
        action = make_action(decision, "mrc-secretariat", local_today() - timedelta(days=3),
                             title="Invoice the members")  # fmt: skip
        db.session.commit()
        return {"body": body, "meeting": meeting, "decision": decision, "action": action}


def translate(app, model, record_id, language, publish=True, **values):
    with app.app_context():
        record = db.session.get(model, record_id)
        translation, _result = save_translation(record, language, values, None, None,
                                                publish=publish)  # fmt: skip
        db.session.commit()
        return translation.id


def text(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def test_a_published_meeting_translation_is_shown_on_the_pages_of_its_language(
    app, client, records
):
    translate(app, Meeting, records["meeting"], "fr", title="Réunion budgétaire",
              summary="Le budget de l'année a été adopté.")  # fmt: skip
    french = text(client, f"/fr{MEETING}")
    assert "<h1>Réunion budgétaire</h1>" in french
    assert "Le budget de l&#39;année a été adopté." in french
    assert "Budget meeting</h1>" not in french and "Not yet translated" not in french
    for listing in ("/fr/meetings/", "/fr/meetings/bodies/steering-committee/", "/fr/"):
        page = text(client, listing)
        assert "<span>Réunion budgétaire</span>" in page, listing
        assert "Budget meeting" not in page, listing
    # Other languages keep the original.
    assert "<h1>Budget meeting</h1>" in text(client, MEETING)
    spanish = text(client, f"/es{MEETING}")
    assert "Réunion" not in spanish and f"<h1 {FALLBACK}>Budget meeting</h1>" in spanish


def test_a_draft_meeting_translation_stays_private(app, client, records):
    translate(app, Meeting, records["meeting"], "fr", publish=False, title="Brouillon secret",
              summary="Résumé provisoire.")  # fmt: skip
    for path in (f"/fr{MEETING}", "/fr/meetings/", "/fr/"):
        page = text(client, path)
        assert "Brouillon secret" not in page and "Résumé provisoire" not in page, path
        assert "Budget meeting" in page, path


def test_an_untranslated_meeting_shows_the_original_under_the_note(client, records):
    arabic = text(client, f"/ar{MEETING}")
    assert f"<h1 {FALLBACK}>Budget meeting</h1>" in arabic
    note = re.search(
        r'<p class="untranslated">[^<]+</p>\s*<div class="fallback" '
        + FALLBACK
        + r">\s*<p>The year&#39;s budget was agreed.</p>",
        arabic,
    )
    assert note, arabic
    listing = text(client, "/ar/meetings/")
    assert f"<span {FALLBACK}>Budget meeting</span>" in listing
    english = text(client, MEETING)
    assert 'class="untranslated"' not in english and "<h1>Budget meeting</h1>" in english


def test_a_published_decision_translation_is_shown_where_the_decision_is(app, client, records):
    translate(app, Decision, records["decision"], "fr", title="Fixer les cotisations")
    for path in ("/fr/decisions/", f"/fr{MEETING}"):
        page = text(client, path)
        assert "<span>Fixer les cotisations</span></h3>" in page, path
        assert "Set the membership fees" not in page, path
        assert "Not yet translated" not in page.split("SC-2025-01", 1)[1].split("<table", 1)[0]
    assert "Set the membership fees" in text(client, "/decisions/")


def test_a_draft_decision_translation_stays_private(app, client, records):
    translate(app, Decision, records["decision"], "fr", publish=False, title="Brouillon")
    for path in ("/fr/decisions/", f"/fr{MEETING}"):
        page = text(client, path)
        assert "Brouillon" not in page and "Set the membership fees" in page, path


def test_an_untranslated_decision_shows_the_original_under_the_note(client, records):
    for path in ("/fr/decisions/", f"/fr{MEETING}"):
        page = text(client, path)
        assert re.search(rf'<span {FALLBACK}>Set the membership fees</span></h3>\s*'
                         r"<p class=\"untranslated\">Pas encore traduit", page), path  # fmt: skip


def test_a_published_action_translation_is_shown_where_the_action_is(app, client, records):
    translate(app, Action, records["action"], "fr", title="Facturer les membres")
    register = text(client, "/fr/decisions/")
    # In the overdue list and in its decision's table.
    assert register.count("Facturer les membres") == 2
    assert "Invoice the members" not in register
    meeting = text(client, f"/fr{MEETING}")
    assert re.search(r"<td><span>Facturer les membres</span>\s*<br>", meeting), meeting


def test_a_draft_action_translation_stays_private(app, client, records):
    translate(app, Action, records["action"], "fr", publish=False, title="Brouillon")
    for path in ("/fr/decisions/", f"/fr{MEETING}"):
        page = text(client, path)
        assert "Brouillon" not in page and "Invoice the members" in page, path


def test_an_untranslated_action_shows_the_original_under_the_note(client, records):
    page = text(client, "/es/decisions/")
    assert f'<a href="#action-{records["action"]}" {FALLBACK}>Invoice the members</a>' in page
    assert re.search(rf'<td><span {FALLBACK}>Invoice the members</span><p class="untranslated">'
                     r"[^<]+</p>", page), page  # fmt: skip


def test_each_kind_offers_the_fields_it_declares_labelled_as_its_own_form(app, records, make_user):
    with app.app_context():
        funding = make_funding("mrc-secretariat", "1000", purpose="Flood maps")
        db.session.commit()
    client = signed_in_client(app, make_user("editor"))
    expected = {
        ("governance-body", records["body"]): {"name": "Name", "terms_of_reference": None},
        ("funding", funding): {"purpose": None},
        ("meeting", records["meeting"]): {"title": "Title", "summary": None, "place": None,
                                          "agenda": "Agenda"},
        ("decision", records["decision"]): {"title": "In short", "text": "The decision as taken"},
        ("action", records["action"]): {"title": "Action", "progress_note": "Progress note"},
    }  # fmt: skip
    for (record_type, record_id), fields in expected.items():
        response = client.get(f"/manage/translations/{record_type}/{record_id}/fr")
        assert response.status_code == 200, record_type
        page = response.get_data(as_text=True)
        names = re.findall(r'<(?:input|textarea)[^>]*\bname="(\w+)"', page)
        assert set(names) - {"csrf_token", "base_revision", "change_note"} == set(fields)
        for name, label in fields.items():
            if label:
                assert re.search(rf"<label for=\"{name}\">{label}</label>", page), (
                    record_type,
                    name,
                    re.findall(r"<label[^>]*>[^<]*</label>", page),
                )
    # The original stands beside the field.
    funding_form = client.get(f"/manage/translations/funding/{funding}/fr").get_data(as_text=True)
    assert "<p>Flood maps</p>" in funding_form


def test_a_meeting_translation_re_renders_only_its_languages_pages(app, records, tmp_path):
    out = tmp_path / "site"
    with app.app_context():
        report = run_export(out)
    assert report.ok and report.mode == "full", report.problems
    translation_id = translate(app, Meeting, records["meeting"], "fr", title="Réunion budgétaire")
    with app.app_context():
        report = run_export(out, changes=[("translation", translation_id)])
    assert report.ok and report.mode == "incremental", report.problems
    rendered = set(report.rendered) - {"/sitemap.xml"}
    assert {f"/fr{MEETING}", "/fr/meetings/", "/fr/"} <= rendered
    assert all(path.startswith("/fr/") for path in rendered), rendered
    page = (out / "fr" / "meetings" / KEY / "index.html").read_text(encoding="utf-8")
    assert "<h1>Réunion budgétaire</h1>" in page


def test_report_titles_in_lists_follow_the_page_language(app, client, records):
    from app.reports.models import Report
    from tests.transparency_helpers import make_report

    with app.app_context():
        report = make_report("annual-2025", title="Annual report 2025")
        other = make_report("annual-2024", title="Annual report 2024", issued_on="2024-03-01")
        make_funding("mrc-secretariat", "1000", report_id=report)
        db.session.commit()
    translate(app, Report, report, "fr", title="Rapport annuel 2025")
    translate(app, Report, other, "fr", publish=False, title="Brouillon de rapport")
    for path in ("/fr/reports/", "/fr/funding/", "/fr/"):
        page = text(client, path)
        assert ">Rapport annuel 2025</a>" in page, path
        assert "Annual report 2025" not in page and "Brouillon" not in page, path
    assert f"{FALLBACK}>Annual report 2024</a>" in text(client, "/fr/reports/")
    spanish = text(client, "/es/funding/")
    assert f"{FALLBACK}>Annual report 2025</a>" in spanish
