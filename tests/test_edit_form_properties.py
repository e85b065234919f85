"""Property tests over the /manage edit form of every kind of record.

An editor signs in, opens a record's edit form and posts it back, as a browser does (real
CSRF token, the base revision from the form), with one free-text field replaced by hostile
text: markup, script, NUL, bidirectional overrides, odd digits. Whatever the text:

- the answer is never a 5xx;
- a refused save shows the form again (422) with a message beside a field and the typed
  text kept, escaped;
- an accepted save is published, and neither the form nor the public page carries the text
  as live markup.
"""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.editing.registry import all_kinds
from app.editing.services import create_record, publish_record
from app.extensions import db
from app.guideline.models import GuidelinePage
from app.guideline.services import source_works
from app.pages.models import Page
from tests.editing_helpers import signed_in_client
from tests.form_helpers import (
    assert_no_live_markup,
    browser_form,
    form_examples,
    hostile_text,
    kept_in_field,
    replaced,
)
from tests.partners_helpers import make_partner
from tests.transparency_helpers import (
    make_action,
    make_body,
    make_decision,
    make_funding,
    make_meeting,
    make_minutes,
    make_report,
)

KINDS = [
    "page",
    "guideline-page",
    "partner",
    "governance-body",
    "meeting",
    "minutes",
    "decision",
    "action",
    "report",
    "funding",
]


def test_every_registered_kind_is_covered(app):
    with app.app_context():
        assert sorted(all_kinds()) == sorted(KINDS)


def one_of_each(app) -> dict[str, int]:
    """A published record of every kind; record type -> id."""
    partner = make_partner(app, slug="river-trust", name="River Trust")
    with app.app_context():
        body = make_body(members=["river-trust"])
        meeting = make_meeting(body, "2025-03-04", slug="spring", title="Spring meeting")
        later = make_meeting(body, "2025-06-04", slug="summer", title="Summer meeting")
        minutes = make_minutes(meeting, "We met.")
        decision = make_decision(meeting, "SC-2025-01")
        action = make_action(decision, "river-trust", due="2025-09-01")
        report = make_report("annual-2025")
        funding = make_funding("river-trust", "1000")
        page = create_record(
            Page, {"title": "About", "slug": "about", "summary": "", "body": "Hello."}, None
        )
        publish_record(page, None)
        source = next(iter(source_works()))
        case = create_record(
            GuidelinePage,
            {"kind": "case", "title": "A case", "slug": "a-case", "summary": "What we did.",
             "body": "Text.", "number": None, "letter": "", "module": "", "tasks": [],
             "steps": [1], "box": "", "place": "Hanoi", "sources": [source]},
            None,
        )  # fmt: skip
        publish_record(case, None)
        return {
            "page": page.id,
            "guideline-page": case.id,
            "partner": partner,
            "governance-body": body,
            "meeting": later,
            "minutes": minutes,
            "decision": decision,
            "action": action,
            "report": report,
            "funding": funding,
        }


def public_url(app, record_type: str, record_id: int) -> str | None:
    with app.test_request_context():
        kind = all_kinds()[record_type]
        record = db.session.get(kind.model, record_id)
        url = kind.public_url(record)
        db.session.remove()
    return url and url.split("#")[0]


@pytest.mark.parametrize("record_type", KINDS)
def test_any_text_in_any_field_is_saved_or_refused_with_a_message(app, make_user, record_type):
    ids = one_of_each(app)
    editor = signed_in_client(app, make_user("editor"))
    edit_url = f"/manage/{record_type}/{ids[record_type]}/edit"

    # Unchanged, the form as shown saves: the baseline the examples below change one field of.
    response = editor.get(edit_url)
    pairs, text_fields = browser_form(response.get_data(as_text=True), "edit-form")
    response = editor.post(edit_url, data=pairs)
    assert response.status_code == 303, response.get_data(as_text=True)

    @form_examples
    @given(field=st.sampled_from(sorted(text_fields)), text=hostile_text)
    def check(field, text):
        page = editor.get(edit_url)
        assert page.status_code == 200
        pairs, _names = browser_form(page.get_data(as_text=True), "edit-form")
        data = replaced(pairs, field, text)
        data["action"] = "publish"
        response = editor.post(edit_url, data=data)
        body = response.get_data(as_text=True)
        assert response.status_code in (303, 422), (response.status_code, body[-2000:])
        assert_no_live_markup(body)
        if response.status_code == 422:
            assert 'class="error"' in body
            if field != "change_note":
                assert kept_in_field(body, "edit-form", field, text), "the typed text is not kept"
            return
        shown = editor.get(edit_url)
        assert shown.status_code == 200
        assert_no_live_markup(shown.get_data(as_text=True))
        url = public_url(app, record_type, ids[record_type])
        if url:
            public = app.test_client().get(url)
            assert public.status_code == 200, url
            assert_no_live_markup(public.get_data(as_text=True))

    check()
