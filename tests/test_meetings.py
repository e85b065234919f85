"""Meeting and body pages: what a reader sees, partners named through the directory."""

import json
import re

import pytest
from flask import url_for

from app.editing.registry import EditableKind, register_kind
from app.editing.services import create_record, publish_record, save_record
from app.extensions import db
from app.meetings.models import Meeting
from app.pages.forms import PageForm
from app.pages.models import Page
from app.transparency.partners import partner_link
from tests.editing_helpers import form_fields, signed_in_client
from tests.transparency_helpers import make_body, make_decision, make_meeting

URL = "/meetings/2025-03-04-steering-committee/"


@pytest.fixture
def meeting(app):
    with app.app_context():
        body = make_body(members=["mrc-secretariat", "can-tho-university"],
                         terms_of_reference="## Mandate\n\nGuide the partnership.")  # fmt: skip
        return make_meeting(
            body, "2025-03-04", slug="steering-committee", title="Steering Committee",
            start_time="09:00", end_time="12:00", timezone="Asia/Ho_Chi_Minh",
            place="Can Tho", online_url="https://meet.example.org/sc",
            summary="Quarterly meeting.", agenda=["Welcome", "Budget <b>2025</b>"],
            attendance=["mrc-secretariat", "can-tho-university"], others_present=3,
        )  # fmt: skip


def test_a_meeting_page_shows_when_where_agenda_and_attendance(client, meeting):
    html = client.get(URL).get_data(as_text=True)
    assert "4 March 2025" in html and "09:00–12:00" in html and "Asia/Ho_Chi_Minh" in html
    assert "Can Tho" in html and 'href="https://meet.example.org/sc"' in html
    assert "<li>Budget &lt;b&gt;2025&lt;/b&gt;</li>" in html
    assert "<span>mrc-secretariat</span>" in html  # no directory: the slug, without a link
    assert "and 3 other people." in html
    assert "Published " in html


def test_the_meeting_page_describes_the_event_for_machines(client, meeting):
    html = client.get(URL).get_data(as_text=True)
    data = json.loads(re.search(r'ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "Event"
    assert data["startDate"] == "2025-03-04T09:00:00+07:00"
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert [a["name"] for a in data["attendee"]] == ["mrc-secretariat", "can-tho-university"]


@pytest.mark.parametrize(
    "url",
    ["/meetings/2025-03-05-steering-committee/", "/meetings/not-a-date/",
     "/meetings/2025-03-04-/", "/meetings/bodies/nobody/"],
)  # fmt: skip
def test_unknown_addresses_are_not_found(client, meeting, url):
    assert client.get(url).status_code == 404


def test_a_draft_meeting_is_not_public(app, client):
    with app.app_context():
        body = make_body()
        make_meeting(body, "2025-03-04", slug="steering-committee", publish=False)
    assert client.get(URL).status_code == 404
    assert "2025-03-04" not in client.get("/meetings/").get_data(as_text=True)


def test_the_body_page_shows_members_terms_and_meetings(client, meeting):
    html = client.get("/meetings/bodies/steering-committee/").get_data(as_text=True)
    assert "<span>can-tho-university</span>" in html
    assert '<h3 id="mandate">Mandate</h3>' in html
    assert f'href="{URL}"' in html


def test_partners_link_to_the_directory_when_it_is_installed(app, client, meeting):
    # Pages stand in for the directory's organisations: a slug, a name, a public page.
    kind = EditableKind("partner", Page, PageForm, "partner", "Organisations",
                        public_url=lambda record: f"/partners/{record.slug}/")  # fmt: skip
    register_kind(app, kind)
    with app.app_context():
        mrc = {"title": "MRC Secretariat", "slug": "mrc-secretariat", "summary": "", "body": ""}
        publish_record(create_record(Page, mrc, None), None)
        # A draft organisation is not named on public pages yet.
        create_record(Page, {**mrc, "title": "Can Tho University", "slug": "can-tho-university"},
                      None)  # fmt: skip

    html = client.get(URL).get_data(as_text=True)
    assert '<a href="/partners/mrc-secretariat/">MRC Secretariat</a>' in html
    assert "<span>can-tho-university</span>" in html
    with app.test_request_context():
        assert partner_link("<script>") == "<span>&lt;script&gt;</span>"


def test_with_a_directory_only_its_organisations_may_be_named(app, meeting, make_user):
    register_kind(app, EditableKind("partner", Page, PageForm, "partner", "Orgs"))
    with app.app_context():
        create_record(Page, {"title": "MRC", "slug": "mrc-secretariat"}, None)
    editor = signed_in_client(app, make_user("editor"))
    data = form_fields(editor.get(f"/manage/meeting/{meeting}/edit"))

    data["attendance"] = "mrc-secretariat\nmekong-unknown"
    response = editor.post(f"/manage/meeting/{meeting}/edit", data=data)

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "The partner directory has no partner called “mekong-unknown”." in html


def test_public_change_notes_come_only_from_published_revisions(app, client, meeting):
    with app.app_context():
        record = db.session.get(Meeting, meeting)
        save_record(record, {"place": "Soc Trang"}, record.head_revision_id, None,
                    note="Moved to Soc Trang")  # fmt: skip
        publish_record(record, None)
        save_record(record, {"place": "Hanoi"}, record.head_revision_id, None,
                    note="Thinking of Hanoi")  # fmt: skip
    html = client.get(URL).get_data(as_text=True)
    assert "Moved to Soc Trang" in html and "Soc Trang" in html
    assert "Thinking of Hanoi" not in html and "Hanoi" not in html


@pytest.fixture
def editor(app, make_user):
    return signed_in_client(app, make_user("editor"))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"start_time": "9h30"}, "Write the time as hours and minutes"),
        ({"end_time": "08:00"}, "The meeting must end after it starts"),
        ({"timezone": "Mars/Olympus"}, "Unknown time zone"),
        ({"attendance": "Not A Partner!"}, "no partner called “Not A Partner!”"),
        ({"attendance": "<b>x</b>"}, "called “&lt;b&gt;x&lt;/b&gt;”"),  # quoted, escaped
        ({"slug": "steering-committee"}, "Another meeting on this date"),
        ({"body_id": ""}, "Choose the body that met"),
    ],
)
def test_the_meeting_form_explains_what_is_wrong(app, meeting, editor, changes, message):
    data = form_fields(editor.get("/manage/meeting/new"))
    with app.app_context():
        body_id = db.session.get(Meeting, meeting).body_id
    data.update(title="Next", slug="next", body_id=body_id, meeting_date="2025-03-04",
                start_time="09:00", end_time="10:00", timezone="Asia/Bangkok",
                agenda="Welcome", attendance="mrc-secretariat", others_present="")  # fmt: skip
    data.update(changes)
    response = editor.post("/manage/meeting/new", data=data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


def test_a_meeting_with_decisions_is_not_deleted_for_good(app, meeting, make_user):
    admin = signed_in_client(app, make_user("admin"))
    with app.app_context():
        make_decision(meeting, "SC-2025-01")
    token = form_fields(admin.get(f"/manage/meeting/{meeting}/edit"))["csrf_token"]
    admin.post(f"/manage/meeting/{meeting}/trash", data={"csrf_token": token})

    response = admin.post(f"/manage/meeting/{meeting}/purge", data={"csrf_token": token})

    assert response.status_code == 303
    assert "Delete those first" in admin.get(response.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Meeting, meeting) is not None


def test_new_meetings_start_in_the_installations_time_zone(app, editor):
    app.config["BABEL_DEFAULT_TIMEZONE"] = "Asia/Ho_Chi_Minh"
    html = editor.get("/manage/meeting/new").get_data(as_text=True)
    assert 'value="Asia/Ho_Chi_Minh"' in html
    with app.test_request_context():
        assert url_for("meetings.meeting", key="2025-03-04-sc") == "/meetings/2025-03-04-sc/"


def test_a_body_that_met_is_not_deleted_for_good(app, meeting, make_user):
    admin = signed_in_client(app, make_user("admin"))
    with app.app_context():
        body_id = db.session.get(Meeting, meeting).body_id
    edit = f"/manage/governance-body/{body_id}"
    token = form_fields(admin.get(f"{edit}/edit"))["csrf_token"]
    admin.post(f"{edit}/trash", data={"csrf_token": token})

    response = admin.post(f"{edit}/purge", data={"csrf_token": token})

    assert "This body has meetings" in admin.get(response.headers["Location"]).get_data(
        as_text=True
    )
    assert admin.get("/meetings/bodies/steering-committee/").status_code == 404  # trashed
    with app.app_context():
        assert db.session.get(Meeting, meeting).body_id == body_id
