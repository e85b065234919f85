"""Coordinators name partners as people do: by name in any language, short name or address.

The fields of meetings, bodies, actions and funding take such a text and store the
partner's slug; the picker asks /manage/partner/choices for the partners a text names.
"""

from types import SimpleNamespace

import pytest
from markupsafe import escape
from werkzeug.datastructures import MultiDict
from wtforms import Form

from app.accounts.models import Role
from app.accounts.services import create_user
from app.editing.models import Revision
from app.editing.services import publish_record, save_record, trash_record, unpublish_record
from app.extensions import db
from app.meetings.models import Meeting
from app.partners.models import Partner
from app.translating.services import save_translation
from app.transparency.fields import PartnerField, PartnerListField
from tests.conftest import PASSWORD
from tests.editing_helpers import form_fields, signed_in_client
from tests.partners_helpers import make_partner
from tests.transparency_helpers import make_body, make_meeting

PARTNERS = [
    {"name": "Delta Farmers' Union", "short_name": "DFU", "slug": "delta-farmers-union"},
    {"name": "Mekong River Commission", "short_name": "MRC", "slug": "mrc-secretariat"},
    {"name": "École Supérieure du Delta", "slug": "ecole-delta"},
    {"name": "Red Cross", "slug": "red-cross-kenya"},
    {"name": "Red Cross", "slug": "red-cross-uganda"},
]


class PickForm(Form):
    present = PartnerListField()
    owner = PartnerField()


@pytest.fixture(scope="module")
def directory(module_app):
    """The partners above, a French name for the union, a draft, a trashed partner and
    twelve of a kind; an editor and a partner's contact."""
    app = module_app
    for values in PARTNERS:
        make_partner(app, **values)
    make_partner(app, publish=False, name="Can Tho University", slug="can-tho-university")
    gone = make_partner(app, name="Delta Water Board", slug="delta-water-board")
    for number in range(12):
        make_partner(app, name=f"Zebra Trust {number}", slug=f"zebra-trust-{number}")
    with app.app_context():
        union = db.session.scalars(db.select(Partner).filter_by(slug="delta-farmers-union")).one()
        save_translation(union, "fr", {"name": "Union des agriculteurs du delta"}, None, None,
                         publish=True)  # fmt: skip
        trash_record(db.session.get(Partner, gone), None)
        for role in ("editor", "partner"):
            create_user(f"{role}@example.org", PASSWORD, Role(role),
                        "mrc-secretariat" if role == "partner" else None)  # fmt: skip
    return app


def posted(app, present="", owner=""):
    """The form as validated for a post of these texts."""
    with app.test_request_context("/manage/meeting/new"):
        form = PickForm(MultiDict({"present": present, "owner": owner}))
        form.validate()
        return form, form.present(), form.owner()


@pytest.mark.parametrize(
    "text, slug",
    [
        ("Delta Farmers' Union", "delta-farmers-union"),
        ("  delta   FARMERS’ union ", "delta-farmers-union"),  # case, curly quote, spaces
        ("Union des agriculteurs du delta", "delta-farmers-union"),  # its French name
        ("DFU", "delta-farmers-union"),  # its short name
        ("dfu", "delta-farmers-union"),
        ("delta-farmers-union", "delta-farmers-union"),  # its address
        ("ecole superieure du delta", "ecole-delta"),  # without accents
        ("Red Cross (red-cross-uganda)", "red-cross-uganda"),  # a shared name made unique
        ("Can Tho University", "can-tho-university"),  # a draft: its entry comes later
    ],
)
def test_a_partner_is_named_by_any_of_its_names_or_its_address(directory, text, slug):
    form, _present, _owner = posted(directory, present=f"{text}\nMRC", owner=text)
    assert not form.errors
    assert form.present.data == [slug, "mrc-secretariat"]
    assert form.owner.data == slug


def test_a_name_several_partners_have_is_refused_with_each_of_them(directory):
    form, present, owner = posted(directory, present="MRC\nred cross", owner="Red Cross")

    message = form.errors["present"][0]
    assert "“red cross” could be any of" in message
    assert "“Red Cross (red-cross-kenya)”, “Red Cross (red-cross-uganda)”" in message
    assert "could be any of" in form.errors["owner"][0]
    # What was typed comes back as typed.
    assert "\nMRC\nred cross</textarea>" in present
    assert 'value="Red Cross"' in owner


def test_an_unknown_name_is_refused_with_the_closest_partners(directory):
    form, present, owner = posted(directory, present="Delta Farmer Union\nMRC",
                                  owner="<b>Mekong Comission</b>")  # fmt: skip

    message = form.errors["present"][0]
    assert message.startswith("The partner directory has no partner called “Delta Farmer Union”.")
    assert "Did you mean “Delta Farmers' Union”" in message
    assert "Did you mean “Mekong River Commission”?" in form.errors["owner"][0]
    assert "\nDelta Farmer Union\nMRC</textarea>" in present
    assert f'value="{escape("<b>Mekong Comission</b>")}"' in owner


def test_a_partner_in_the_trash_cannot_be_named(directory):
    form, _present, _owner = posted(directory, owner="Delta Water Board")
    assert "no partner called “Delta Water Board”" in form.errors["owner"][0]


def test_the_fields_show_partners_by_name_and_read_back_what_they_show(directory):
    slugs = ["delta-farmers-union", "red-cross-kenya", "retired-partner"]
    with directory.test_request_context("/manage/meeting/1/edit"):
        form = PickForm(data={"present": slugs, "owner": "red-cross-uganda"})
        shown = form.present._value()
        assert shown == "Delta Farmers' Union\nRed Cross (red-cross-kenya)\nretired-partner"
        assert form.owner._value() == "Red Cross (red-cross-uganda)"

    form, _present, _owner = posted(directory, present=shown.replace("\nretired-partner", ""),
                                    owner="Red Cross (red-cross-uganda)")  # fmt: skip
    assert form.present.data == slugs[:2] and form.owner.data == "red-cross-uganda"


# -- the choices a picker offers ----------------------------------------------------------


@pytest.fixture(scope="module")
def editor(directory):
    return signed_in_client(directory, SimpleNamespace(email="editor@example.org"))


def choices(client, query, **headers):
    return client.get("/manage/partner/choices", query_string={"q": query}, headers=headers)


def test_the_choices_are_for_signed_in_editors_only(directory, editor):
    anonymous = directory.test_client()
    assert choices(anonymous, "delta").status_code == 303  # to the sign-in page
    partner = signed_in_client(directory, SimpleNamespace(email="partner@example.org"))
    assert choices(partner, "delta").status_code == 403
    assert choices(editor, "delta").status_code == 200


def test_the_choices_are_the_partners_a_text_names_best_first(directory, editor):
    response = choices(editor, "delta", **{"HX-Request": "true"})
    html = response.get_data(as_text=True)

    assert "HX-Request" in response.headers["Vary"]
    assert "<html" not in html  # the fragment only
    slugs = [line.split('"')[1] for line in html.split("data-value=")[1:]]
    # Names starting with the text first, then those with a word starting with it; a draft
    # may be picked, a partner in the trash may not.
    assert slugs == ["delta-farmers-union", "ecole-delta"]
    assert '<span class="choice-name">Delta Farmers&#39; Union</span>' in html
    assert '<span class="choice-address">delta-farmers-union</span>' in html
    assert "can-tho-university" in choices(editor, "can tho", **{"HX-Request": "true"}).text


def test_the_choices_are_named_in_the_coordinators_language(directory, editor):
    french = choices(editor, "agriculteurs", **{"HX-Request": "true", "Accept-Language": "fr"})
    assert 'data-name="Union des agriculteurs du delta"' in french.text
    # Found by a name in another language, shown in the coordinator's own.
    english = choices(editor, "agriculteurs", **{"HX-Request": "true"})
    assert 'data-name="Delta Farmers&#39; Union"' in english.text


def test_no_choice_says_so_and_without_javascript_the_choices_are_a_page(directory, editor):
    fragment = choices(editor, "<b>zzz</b>", **{"HX-Request": "true"}).text
    assert "No partner matches “&lt;b&gt;zzz&lt;/b&gt;”." in fragment
    assert choices(editor, "", **{"HX-Request": "true"}).text.strip() == ""
    page = choices(editor, "mrc").text
    assert "<h1>Find a partner</h1>" in page and 'value="mrc"' in page
    assert "Mekong River Commission" in page


def test_at_most_ten_choices(directory, editor):
    html = choices(editor, "zebra", **{"HX-Request": "true"}).text
    assert html.count("data-value=") == 10


# -- the edit forms ----------------------------------------------------------------------


def test_a_meeting_form_shows_its_partners_by_name_with_a_picker(directory, editor):
    with directory.app_context():
        body = make_body(slug="picker-body", members=["mrc-secretariat"])
        meeting = make_meeting(body, "2025-05-06", slug="picker-meeting",
                               attendance=["delta-farmers-union", "red-cross-kenya"])  # fmt: skip
    page = editor.get(f"/manage/meeting/{meeting}/edit")
    html = page.text

    assert 'data-partner-picker="many"' in html
    # Without JavaScript the picker stays hidden and the plain field takes names.
    assert '<div class="field picker" hidden' in html
    assert '<span class="chip-name">Delta Farmers&#39; Union</span>' in html
    assert 'hx-get="/manage/partner/choices"' in html
    assert "/static/js/partner-picker.js" in html
    fields = {**form_fields(page), "body_id": str(body)}
    assert fields["attendance"] == "Delta Farmers' Union\nRed Cross (red-cross-kenya)"

    # Saved as shown (the plain field, as without JavaScript), or as the picker writes it.
    for attendance in (fields["attendance"], "delta-farmers-union\nred-cross-kenya"):
        response = editor.post(f"/manage/meeting/{meeting}/edit",
                               data={**fields, "attendance": attendance})  # fmt: skip
        assert response.status_code == 303, response.text
        fields = {
            **form_fields(editor.get(f"/manage/meeting/{meeting}/edit")),
            "body_id": str(body),
        }
        with directory.app_context():
            assert db.session.get(Meeting, meeting).attendance == [
                "delta-farmers-union",
                "red-cross-kenya",
            ]


def test_the_changes_between_two_versions_name_the_partners(directory, editor):
    with directory.app_context():
        body = make_body(slug="diff-body", members=["mrc-secretariat"])
        meeting = make_meeting(body, "2025-06-06", slug="diff-meeting",
                               attendance=["delta-farmers-union"])  # fmt: skip
    fields = {**form_fields(editor.get(f"/manage/meeting/{meeting}/edit")), "body_id": str(body)}
    response = editor.post(f"/manage/meeting/{meeting}/edit",
                           data={**fields, "attendance": "DFU\nMRC"})  # fmt: skip
    assert response.status_code == 303, response.text
    with directory.app_context():
        first, second = db.session.scalars(
            db.select(Revision.id).filter_by(record_type="meeting", record_id=meeting)
            .order_by(Revision.id)
        ).all()  # fmt: skip

    changes = editor.get(f"/manage/meeting/{meeting}/diff?from={first}&to={second}").text
    # One line added, the partner's name on it; the other kept, by name as well.
    assert "Mekong River Commission</ins>" in changes
    assert "Delta Farmers&#39; Union" in changes
    assert "mrc-secretariat" not in changes and "delta-farmers-union" not in changes


def test_a_field_with_an_error_stays_plain_and_an_owner_suggests_names(directory, editor):
    html = editor.get("/manage/action/new").text
    assert 'data-partner-picker="one"' in html
    assert 'list="owner_slug-names"' in html
    assert '<option value="Delta Farmers&#39; Union">' in html
    assert '<option value="Red Cross (red-cross-kenya)">' in html

    data = form_fields(editor.get("/manage/meeting/new"))
    data.update(title="Next", meeting_date="2025-06-01", attendance="Nobody")
    refused = editor.post("/manage/meeting/new", data=data)
    assert refused.status_code == 422
    assert "no partner called “Nobody”" in refused.text
    assert 'data-partner-picker="many"' not in refused.text


def test_the_choices_follow_a_rename_and_the_trash_at_once(app, make_user):
    """The app keeps its partners' names between requests; a change shows on the next."""
    record_id = make_partner(app, name="Lower Basin Forum", slug="basin-forum")
    editor = signed_in_client(app, make_user("editor"))
    assert 'data-name="Lower Basin Forum"' in choices(editor, "basin").text

    with app.app_context():
        record = db.session.get(Partner, record_id)
        save_record(record, {"name": "Upper Basin Forum"}, record.head_revision_id, None)
    # The published name stays until the draft is published.
    assert 'data-name="Lower Basin Forum"' in choices(editor, "basin").text
    with app.app_context():
        publish_record(db.session.get(Partner, record_id), None)
    assert 'data-name="Upper Basin Forum"' in choices(editor, "basin").text
    with app.app_context():
        record = db.session.get(Partner, record_id)
        save_record(record, {"name": "Middle Basin Forum"}, record.head_revision_id, None)
    assert 'data-name="Upper Basin Forum"' in choices(editor, "basin").text
    with app.app_context():
        unpublish_record(db.session.get(Partner, record_id), None)
    # Unpublished, the entry shows its latest draft, as the directory's own lists do.
    assert 'data-name="Middle Basin Forum"' in choices(editor, "basin").text

    with app.app_context():
        trash_record(db.session.get(Partner, record_id), None)
    assert "basin-forum" not in choices(editor, "basin").text
