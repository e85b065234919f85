"""The version an edit started from decides what a save may overwrite, and it cannot lie.

A save from an older version is merged with what was saved since, or kept as a conflict,
whoever saved since, the same editor in another tab included; only an identical
resubmission (a double click) follows the save before it. A base that is not one of the
record's versions is refused with the text kept.
"""

import pytest
from sqlalchemy import select

from app.editing.models import Revision, RevisionKind
from app.extensions import db
from app.pages.models import Page
from app.partners.models import Partner
from app.translating.models import Translation
from tests.conftest import csrf_token_from
from tests.editing_helpers import edit_form, form_fields, new_page, save, signed_in_client
from tests.partners_helpers import form_data, make_partner

BODY = "Para one.\n\nPara two.\n\nPara three.\n"


@pytest.fixture
def editor(app, make_user):
    return signed_in_client(app, make_user("editor", email="ana@example.org"))


def head_of(app, model, record_id) -> dict:
    with app.app_context():
        record = db.session.get(model, record_id)
        return dict(db.session.get(Revision, record.head_revision_id).snapshot)


def count(app, kind) -> int:
    with app.app_context():
        return len(db.session.scalars(select(Revision.id).where(Revision.kind == kind)).all())


def another_pages_revision(app, editor) -> str:
    other_id = new_page(editor, slug="other")
    with app.app_context():
        return str(db.session.get(Page, other_id).head_revision_id)


@pytest.mark.parametrize("base", ["999999999", "", "not a number", "another page's"])
def test_a_save_from_an_unknown_base_is_refused_with_the_text_kept(app, editor, base):
    page_id = new_page(editor, body=BODY)
    form = edit_form(editor, page_id)
    save(editor, page_id, edit_form(editor, page_id), body=BODY.replace("two", "TWO"))
    if base == "another page's":
        base = another_pages_revision(app, editor)

    response = save(editor, page_id, form, base_revision=base, body="Everything replaced.")
    text = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Nothing was saved" in text and "Everything replaced." in text
    assert head_of(app, Page, page_id)["body"] == BODY.replace("two", "TWO")

    # Saving again from the form as shown is a decision made knowingly.
    assert save(editor, page_id, form_fields(response)).status_code == 303
    assert head_of(app, Page, page_id)["body"] == "Everything replaced."


def test_two_tabs_of_one_editor_changing_different_lines_keep_both(app, editor):
    page_id = new_page(editor, body=BODY)
    tab_a, tab_b = edit_form(editor, page_id), edit_form(editor, page_id)
    save(editor, page_id, tab_a, body=BODY.replace("Para one.", "Para ONE."))
    response = save(editor, page_id, tab_b, body=BODY.replace("Para three.", "Para THREE."))
    assert "/edit" in response.headers["Location"]
    assert "both changes are kept" in editor.get(response.headers["Location"]).get_data(
        as_text=True
    )
    assert head_of(app, Page, page_id)["body"] == "Para ONE.\n\nPara two.\n\nPara THREE.\n"


def test_two_tabs_of_one_editor_changing_the_same_line_conflict(app, editor):
    page_id = new_page(editor, body=BODY)
    tab_a, tab_b = edit_form(editor, page_id), edit_form(editor, page_id)
    save(editor, page_id, tab_a, body=BODY.replace("Para two.", "Para 2."))
    response = save(editor, page_id, tab_b, body=BODY.replace("Para two.", "Para II."))
    assert response.status_code == 409 and 'name="resolves"' in response.get_data(as_text=True)
    assert head_of(app, Page, page_id)["body"] == BODY.replace("Para two.", "Para 2.")
    assert count(app, RevisionKind.CONFLICT) == 1


def test_a_double_click_saves_once(app, editor):
    page_id = new_page(editor, body=BODY)
    form = {**edit_form(editor, page_id), "body": BODY.replace("two", "TWO")}
    assert save(editor, page_id, form).status_code == 303
    before = count(app, RevisionKind.EDIT)
    response = save(editor, page_id, form)
    assert "/edit" in response.headers["Location"]
    assert "Nothing had changed" in editor.get(response.headers["Location"]).get_data(as_text=True)
    assert count(app, RevisionKind.EDIT) == before and count(app, RevisionKind.CONFLICT) == 0


@pytest.fixture
def organisation(app):
    return make_partner(app, name="Delta Farmers' Union", slug="dfu", description="Old text.",
                        city="Can Tho", sdgs=[2])  # fmt: skip


def organisation_form(app, client, organisation_id, **changes) -> dict:
    page = client.get(f"/manage/partner/{organisation_id}/edit")
    with app.app_context():
        record = db.session.get(Partner, organisation_id)
        data = form_data(record.snapshot(), **changes)
        base = str(record.head_revision_id)
    return {**data, "csrf_token": csrf_token_from(page), "base_revision": base}


def test_a_partners_suggestion_with_a_forged_base_is_refused(app, make_user, organisation):
    partner = signed_in_client(app, make_user("partner", organisation="dfu"))
    form = organisation_form(app, partner, organisation, description="Forged.")
    response = partner.post(f"/manage/partner/{organisation}/edit",
                            data={**form, "base_revision": "999999999"})  # fmt: skip
    assert response.status_code == 409 and "Forged." in response.get_data(as_text=True)
    assert count(app, RevisionKind.SUBMITTED) == 0


def test_accepting_a_suggestion_merges_the_editors_own_change_since(app, make_user, organisation):
    partner = signed_in_client(app, make_user("partner", organisation="dfu"))
    suggestion = organisation_form(app, partner, organisation, description="New text.")
    assert partner.post(f"/manage/partner/{organisation}/edit",
                        data=suggestion).status_code == 303  # fmt: skip

    editor = signed_in_client(app, make_user("editor"))
    own = organisation_form(app, editor, organisation, city="Cần Thơ")
    assert editor.post(f"/manage/partner/{organisation}/edit", data=own).status_code == 303
    with app.app_context():
        submission_id = db.session.scalar(
            select(Revision.id).where(Revision.kind == RevisionKind.SUBMITTED)
        )
    accepted = editor.post(
        f"/manage/partner/{organisation}/submissions/{submission_id}/accept",
        data={"csrf_token": own["csrf_token"]},
    )
    assert accepted.status_code == 303 and "/edit" in accepted.headers["Location"]
    head = head_of(app, Partner, organisation)
    assert head["description"] == "New text." and head["city"] == "Cần Thơ"


def translation_url(page_id) -> str:
    return f"/manage/translations/page/{page_id}/fr"


def test_translations_refuse_an_unknown_base_and_merge_two_tabs(app, editor):
    page_id = new_page(editor, body=BODY)
    url = translation_url(page_id)
    first = {**form_fields(editor.get(url)), "title": "À propos", "body": BODY}
    assert editor.post(url, data=first).status_code == 303
    tab_a, tab_b = form_fields(editor.get(url)), form_fields(editor.get(url))

    forged = editor.post(url, data={**tab_a, "base_revision": "999999999", "body": "Tout."})
    assert forged.status_code == 409 and "Tout." in forged.get_data(as_text=True)

    editor.post(url, data={**tab_a, "body": BODY.replace("Para one.", "Paragraphe un.")})
    editor.post(url, data={**tab_b, "body": BODY.replace("Para three.", "Paragraphe trois.")})
    with app.app_context():
        translation = db.session.scalar(select(Translation))
        body = db.session.get(Revision, translation.head_revision_id).snapshot["body"]
    assert body == "Paragraphe un.\n\nPara two.\n\nParagraphe trois."  # saved trimmed
