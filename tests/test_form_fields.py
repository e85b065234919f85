"""Fields several edit forms share: the SDG checkboxes and the dates."""

import re

import pytest

from tests.editing_helpers import signed_in_client
from tests.form_helpers import browser_form, replaced
from tests.partners_helpers import make_partner
from tests.transparency_helpers import (
    make_action,
    make_body,
    make_decision,
    make_funding,
    make_meeting,
    make_report,
)


def sdg_list(html: str) -> str:
    return re.search(r'<ul[^>]*id="sdgs"[^>]*>', html).group(0)


def test_the_report_form_shows_the_goals_in_the_partner_form_grid(app, make_user):
    editor = signed_in_client(app, make_user("editor"))
    with app.app_context():
        report_id = make_report("annual-2024", sdgs=[6])
    partner_id = make_partner(app)
    report = editor.get(f"/manage/report/{report_id}/edit").get_data(as_text=True)
    partner = editor.get(f"/manage/partner/{partner_id}/edit").get_data(as_text=True)
    assert 'class="checkbox-list"' in sdg_list(report)
    assert sdg_list(report) == sdg_list(partner)
    assert re.search(r'<input checked[^>]* name="sdgs" type="checkbox" value="6">', report)


def one_of_each(app) -> dict[str, int]:
    partner = make_partner(app, slug="river-trust")
    with app.app_context():
        meeting = make_meeting(make_body(), "2026-12-04", slug="december")
        decision = make_decision(meeting, "SC-2026-01")
        return {
            "partner": partner,
            "report": make_report("annual-2024"),
            "meeting": meeting,
            "action": make_action(decision, "river-trust", due="2027-01-31"),
            "funding": make_funding("ministry", 1000),
        }


@pytest.mark.parametrize(
    ("record_type", "field"),
    [
        ("report", "issued_on"),
        ("report", "period_start"),
        ("meeting", "meeting_date"),
        ("action", "due_on"),
        ("funding", "period_end"),
        ("partner", "joined_on"),
    ],
)
def test_a_malformed_date_is_kept_as_typed_with_one_message(app, make_user, record_type, field):
    ids = one_of_each(app)
    editor = signed_in_client(app, make_user("editor"))
    url = f"/manage/{record_type}/{ids[record_type]}/edit"
    pairs, _names = browser_form(editor.get(url).get_data(as_text=True), "edit-form")
    response = editor.post(url, data=replaced(pairs, field, "31/02/2026"))
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'<p class="error" id="{field}-error">Enter a real date, e.g. 2026-12-04.</p>' in body
    # As text: a browser shows a date input's value only when it is a real date.
    tag = re.search(f'<input[^>]*id="{field}"[^>]*>', body).group(0)
    assert 'type="text"' in tag and 'value="31/02/2026"' in tag


def test_a_real_date_stays_a_date_input(app, make_user):
    editor = signed_in_client(app, make_user("editor"))
    with app.app_context():
        report_id = make_report("annual-2024")
    body = editor.get(f"/manage/report/{report_id}/edit").get_data(as_text=True)
    tag = re.search(r'<input[^>]*id="issued_on"[^>]*>', body).group(0)
    assert 'type="date"' in tag and 'value="2025-03-01"' in tag


def guideline_page(app, **values) -> int:
    from app.editing.services import create_record
    from app.guideline.models import GuidelinePage

    fields = {"kind": "step", "title": "Planning", "slug": "planning", "summary": "",
              "body": "Text.", "number": 4, "letter": "", "module": "formation", "tasks": [],
              "steps": [], "box": "", "place": "", "sources": [], **values}  # fmt: skip
    with app.app_context():
        return create_record(GuidelinePage, fields, None).id


def advanced_fold(html: str) -> str:
    return re.search(r'<details class="advanced-fields"[^>]*>.*?</details>', html, re.S).group(0)


def test_fields_a_step_leaves_empty_are_folded_under_advanced(app, make_user):
    editor = signed_in_client(app, make_user("editor"))
    step = editor.get(f"/manage/guideline-page/{guideline_page(app)}/edit").get_data(as_text=True)
    fold = advanced_fold(step)
    assert fold.startswith('<details class="advanced-fields">')  # closed
    assert "<summary>Advanced</summary>" in fold
    for label in ("Box in the ESCAP guidelines", "Place", "Sources"):
        assert label in fold
    assert 'id="tasks"' not in fold and 'id="module"' not in fold

    case_id = guideline_page(app, kind="case", slug="a-case", number=None, box="IV.3")
    case = editor.get(f"/manage/guideline-page/{case_id}/edit").get_data(as_text=True)
    assert advanced_fold(case).startswith('<details class="advanced-fields" open>')


def test_the_advanced_fold_opens_on_a_mistake_in_it(app, make_user):
    editor = signed_in_client(app, make_user("editor"))
    url = f"/manage/guideline-page/{guideline_page(app)}/edit"
    pairs, _names = browser_form(editor.get(url).get_data(as_text=True), "edit-form")
    response = editor.post(url, data=replaced(pairs, "box", "x" * 30))
    assert response.status_code == 422
    fold = advanced_fold(response.get_data(as_text=True))
    assert fold.startswith('<details class="advanced-fields" open>') and 'id="box-error"' in fold
