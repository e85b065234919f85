"""Minutes: draft, circulated, approved, published; the approved text never changes except
through an amendment, which the public page lists."""

import hashlib
import re
from datetime import date

import pytest
from sqlalchemy import select

from app.demo.pdf import simple_pdf
from app.editing.models import Revision, Status
from app.extensions import db
from app.meetings.minutes import amend_minutes, approve_minutes
from app.meetings.models import Meeting, Minutes, MinutesAmendment
from app.transparency.guards import RecordLocked
from app.uploads.services import store_attachment
from tests.conftest import csrf_token_from
from tests.editing_helpers import form_fields, signed_in_client
from tests.transparency_helpers import make_body, make_meeting, make_minutes

SECRET = "Draft wording nobody outside may read"
MEETING_URL = "/meetings/2025-03-04-steering-committee/"
PUBLIC_URLS = [
    MEETING_URL,
    "/meetings/",
    "/",
    "/feed.xml",
    "/meetings/feed.xml",
    "/data/meetings.csv",
    "/data/meetings.json",
]


@pytest.fixture
def meetings(app):
    """Two published meetings of one body: the one minuted, and the one that approves."""
    with app.app_context():
        body = make_body()
        first = make_meeting(body, "2025-03-04", slug="steering-committee", title="SC 1")
        second = make_meeting(body, "2025-06-03", slug="steering-committee", title="SC 2")
    return first, second


@pytest.fixture
def editor(app, make_user):
    return signed_in_client(app, make_user("editor"))


def minutes_of(app, minutes_id) -> Minutes:
    with app.app_context():
        minutes = db.session.get(Minutes, minutes_id)
        db.session.expunge(minutes)
        return minutes


def public_texts(client) -> str:
    return "\n".join(client.get(url).get_data(as_text=True) for url in PUBLIC_URLS)


@pytest.mark.parametrize("stage", ["draft", "circulated", "approved"])
def test_minutes_before_publication_never_reach_the_public(app, client, meetings, stage):
    with app.app_context():
        minutes_id = make_minutes(meetings[0], f"# Minutes\n\n{SECRET}.\n", stage=stage)
        attachment = store_attachment(
            db.session.get(Minutes, minutes_id),
            simple_pdf("Signed minutes", ["Signed"]),
            "signed.pdf",
            None,
        )
        db.session.commit()
        file_url = f"/files/{attachment.id}/signed.pdf"

    assert SECRET not in public_texts(client)
    assert client.get(file_url).status_code == 404
    assert client.get(MEETING_URL + "minutes-v1.md").status_code == 404
    assert "The minutes appear here once" in client.get(MEETING_URL).get_data(as_text=True)


def test_the_publish_button_refuses_minutes_that_were_not_approved(app, client, meetings, editor):
    with app.app_context():
        minutes_id = make_minutes(meetings[0], SECRET, stage="circulated")
    token = form_fields(editor.get(f"/manage/minutes/{minutes_id}/edit"))["csrf_token"]

    response = editor.post(f"/manage/minutes/{minutes_id}/publish", data={"csrf_token": token})

    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/manage/minutes/{minutes_id}/edit")
    page = editor.get(response.headers["Location"]).get_data(as_text=True)
    assert "Minutes are published only once approved" in page
    assert minutes_of(app, minutes_id).status is Status.DRAFT
    assert SECRET not in public_texts(client)


def test_a_coordinator_takes_minutes_from_draft_to_published(app, client, meetings, editor):
    first, second = meetings
    new = form_fields(editor.get("/manage/minutes/new"))
    text = "## Present\r\n\r\nEight partners.\r\n\r\n## Decisions\r\n\r\nNone.\r\n"
    response = editor.post("/manage/minutes/new", data={**new, "meeting_id": first, "body": text})
    assert response.status_code == 303, response.get_data(as_text=True)
    minutes_id = int(response.headers["Location"].split("/")[-2])
    stage_url = f"/manage/minutes-approval/{minutes_id}"
    token = csrf_token_from(editor.get(f"/manage/minutes/{minutes_id}/edit"))

    assert editor.post(f"{stage_url}/circulate", data={"csrf_token": token}).status_code == 303
    assert SECRET not in public_texts(client) and "Eight partners" not in public_texts(client)
    early = editor.post(f"{stage_url}/approve", data={
        "csrf_token": token, "approved_at": second, "approved_on": "2025-03-01"})  # fmt: skip
    assert early.status_code == 422
    assert "approved after the meeting" in early.get_data(as_text=True)
    approved = editor.post(f"{stage_url}/approve", data={
        "csrf_token": token, "approved_at": second, "approved_on": "2025-06-03"})  # fmt: skip
    assert approved.status_code == 303
    assert "Eight partners" not in client.get(MEETING_URL).get_data(as_text=True)
    editor.post(f"/manage/minutes/{minutes_id}/publish", data={"csrf_token": token})

    page = client.get(MEETING_URL).get_data(as_text=True)
    fixed = text.replace("\r\n", "\n")
    digest = hashlib.sha256(fixed.encode()).hexdigest()
    assert "Eight partners" in page
    assert digest in page
    assert "Approved on 3 June 2025" in page
    assert client.get(MEETING_URL + "minutes-v1.md").data == fixed.encode()


def test_the_minutes_file_names_its_type_and_charset_once(client, approved):
    response = client.get(MEETING_URL + "minutes-v1.md")

    assert response.headers["Content-Type"] == "text/markdown; charset=utf-8"
    assert response.headers["Content-Disposition"] == (
        'inline; filename="minutes-2025-03-04-steering-committee-v1.md"'
    )


@pytest.fixture
def approved(app, meetings):
    with app.app_context():
        return make_minutes(meetings[0], "Budget: USD 250,000.\n", stage="published",
                            approved_at=meetings[1])  # fmt: skip


def test_approved_text_cannot_be_edited(app, client, meetings, approved, editor):
    token = csrf_token_from(editor.get(f"/manage/minutes/{approved}/edit"))
    # The page offers no edit form any more; a save sent anyway is still refused.
    data = {"csrf_token": token, "meeting_id": meetings[0], "body": "Budget: USD 1.\n",
            "base_revision": minutes_of(app, approved).head_revision_id}  # fmt: skip
    response = editor.post(f"/manage/minutes/{approved}/edit", data=data)
    assert response.status_code == 422
    assert "record an amendment" in response.get_data(as_text=True)

    with app.app_context():
        minutes = db.session.get(Minutes, approved)
        with pytest.raises(RecordLocked):
            minutes.body = "Budget: USD 1.\n"
        db.session.rollback()
    assert "USD 250,000" in client.get(MEETING_URL).get_data(as_text=True)


def test_restoring_an_older_draft_of_approved_minutes_is_refused(app, client, meetings, editor):
    with app.app_context():
        minutes_id = make_minutes(meetings[0], "First draft.\n")
        minutes = db.session.get(Minutes, minutes_id)
        from app.editing.services import save_record

        save_record(minutes, {"body": "Final text.\n"}, minutes.head_revision_id, None)
        first_revision = db.session.scalar(
            select(Revision.id).where(Revision.record_type == "minutes").order_by(Revision.id)
        )
    token = form_fields(editor.get(f"/manage/minutes/{minutes_id}/edit"))["csrf_token"]
    stage_url = f"/manage/minutes-approval/{minutes_id}"
    editor.post(f"{stage_url}/circulate", data={"csrf_token": token})
    editor.post(f"{stage_url}/approve", data={
        "csrf_token": token, "approved_at": meetings[1], "approved_on": "2025-06-03"})  # fmt: skip
    editor.post(f"/manage/minutes/{minutes_id}/publish", data={"csrf_token": token})

    response = editor.post(
        f"/manage/minutes/{minutes_id}/restore/{first_revision}", data={"csrf_token": token}
    )

    assert response.status_code == 303
    assert "their text is fixed" in editor.get(response.headers["Location"]).get_data(as_text=True)
    minutes = minutes_of(app, minutes_id)
    assert minutes.head_revision_id == minutes.published_revision_id
    page = client.get(MEETING_URL).get_data(as_text=True)
    assert "Final text." in page and "First draft." not in page


def test_an_amendment_is_dated_noted_and_listed_with_every_version(app, client, approved, editor):
    stage_url = f"/manage/minutes-approval/{approved}"
    token = csrf_token_from(editor.get(f"/manage/minutes/{approved}/edit"))
    response = editor.post(f"{stage_url}/amend", data={
        "csrf_token": token, "text": "Budget: USD 205,000.\n",
        "note": "Corrected a typing error in the budget", "amended_on": "2025-09-02",
        "approved_at": ""})  # fmt: skip
    assert response.status_code == 303

    page = client.get(MEETING_URL).get_data(as_text=True)
    old = hashlib.sha256(b"Budget: USD 250,000.\n").hexdigest()
    new = hashlib.sha256(b"Budget: USD 205,000.\n").hexdigest()
    assert "USD 205,000" in page
    assert "Corrected a typing error in the budget" in page
    assert "Amended on 2 September 2025" in page
    assert old in page and new in page
    assert client.get(MEETING_URL + "minutes-v1.md").data == b"Budget: USD 250,000.\n"
    assert client.get(MEETING_URL + "minutes-v2.md").data == b"Budget: USD 205,000.\n"
    feed = client.get("/meetings/feed.xml").get_data(as_text=True)
    assert "Corrected a typing error in the budget" in feed


def test_an_amendment_must_change_the_text_and_say_why(app, approved, editor):
    stage_url = f"/manage/minutes-approval/{approved}"
    token = csrf_token_from(editor.get(f"/manage/minutes/{approved}/edit"))
    same = editor.post(f"{stage_url}/amend", data={
        "csrf_token": token, "text": "Budget: USD 250,000.\n", "note": "Nothing",
        "amended_on": "2025-09-02"})  # fmt: skip
    silent = editor.post(f"{stage_url}/amend", data={
        "csrf_token": token, "text": "Budget: USD 1.\n", "note": "",
        "amended_on": "2025-09-02"})  # fmt: skip
    assert same.status_code == 422 and "nothing to amend" in same.get_data(as_text=True)
    assert silent.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(MinutesAmendment.id)) is None


def test_amendments_themselves_never_change(app, approved):
    with app.app_context():
        minutes = db.session.get(Minutes, approved)
        amendment = amend_minutes(minutes, "Fixed.\n", "Typo", date(2025, 9, 2), None)
        amendment.text = "Quietly rewritten.\n"
        with pytest.raises(RecordLocked):
            db.session.commit()
        db.session.rollback()
        assert db.session.get(MinutesAmendment, amendment.id).text == "Fixed.\n"


def test_minutes_are_approved_only_after_circulation(app, meetings):
    with app.app_context():
        minutes_id = make_minutes(meetings[0], "Text.\n")
        minutes = db.session.get(Minutes, minutes_id)
        with pytest.raises(RecordLocked):
            approve_minutes(minutes, db.session.get(Meeting, meetings[1]), date(2025, 6, 3), None)
        db.session.rollback()
        assert db.session.get(Minutes, minutes_id).approved_sha256 is None


def buttons_of(page: str) -> list[str]:
    return [label.strip() for label in re.findall(r"<button[^>]*>([^<]*)</button>", page)]


@pytest.mark.parametrize(
    ("stage", "next_step", "label"),
    [
        ("draft", "Mark as circulated", "Draft"),
        ("circulated", "Approve these minutes", "Circulated"),
        ("approved", "Publish the approved minutes", "Approved, not yet public"),
    ],
)
def test_the_minutes_editor_offers_only_the_next_step(
    app, meetings, editor, stage, next_step, label
):
    with app.app_context():
        minutes_id = make_minutes(meetings[0], "We met.\n", stage=stage)

    page = editor.get(f"/manage/minutes/{minutes_id}/edit").get_data(as_text=True)

    buttons = buttons_of(page)
    assert next_step in buttons
    # No generic Publish that the minutes would refuse.
    assert "Publish" not in buttons and "Save and publish" not in buttons
    stage_heading = re.search(r'<h2 id="lifecycle-heading">(.*?)</h2>', page, re.S).group(1)
    assert label in stage_heading
    # One stage label, not a stage and a status saying the same thing.
    assert 'class="badge badge-draft"' not in page


def test_approved_minutes_are_shown_read_only_with_amend_as_the_way_to_change_them(
    app, approved, editor
):
    page = editor.get(f"/manage/minutes/{approved}/edit").get_data(as_text=True)

    assert 'name="body"' not in page
    assert "Save draft" not in buttons_of(page)
    assert "Record the amendment" in buttons_of(page)
    assert "Budget: USD 250,000." in page


def test_the_old_stage_address_leads_to_the_minutes_editor(app, meetings, editor):
    with app.app_context():
        minutes_id = make_minutes(meetings[0], "We met.\n")

    response = editor.get(f"/manage/minutes-approval/{minutes_id}")

    assert response.headers["Location"].endswith(f"/manage/minutes/{minutes_id}/edit")


def test_a_refused_approval_shows_on_the_minutes_editor_with_its_error(app, meetings, editor):
    with app.app_context():
        minutes_id = make_minutes(meetings[0], "We met.\n", stage="circulated")
    token = csrf_token_from(editor.get(f"/manage/minutes/{minutes_id}/edit"))

    response = editor.post(f"/manage/minutes-approval/{minutes_id}/approve", data={
        "csrf_token": token, "approved_at": meetings[1], "approved_on": "2025-03-01"})  # fmt: skip

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "approved after the meeting" in page
    assert 'value="2025-03-01"' in page and 'name="body"' in page


def test_the_approval_list_names_each_stage_once(app, meetings, editor):
    with app.app_context():
        make_minutes(meetings[0], "We met.\n")

    page = editor.get("/manage/minutes-approval/").get_data(as_text=True)
    row = re.search(r"<tbody>(.*?)</tbody>", page, re.S).group(1)

    assert row.count("Draft") == 1 and "draft" not in row.replace("/manage", "")


def test_a_meeting_leads_to_its_minutes_whether_written_or_not(app, meetings, editor):
    first, _second = meetings
    page = editor.get(f"/manage/meeting/{first}/edit").get_data(as_text=True)
    write = re.search(r'href="([^"]+)">Write the minutes<', page)
    assert write, "the meeting's page has no way to write its minutes"
    # The form opens on this meeting, so nobody has to find it again in the list.
    form = editor.get(write.group(1).replace("&amp;", "&")).get_data(as_text=True)
    assert re.search(rf'<option selected value="{first}">|<option value="{first}" selected', form)

    with app.app_context():
        minutes_id = make_minutes(first, "Budget agreed.", stage="circulated")
    page = editor.get(f"/manage/meeting/{first}/edit").get_data(as_text=True)
    assert "Write the minutes" not in page
    assert f'href="/manage/minutes/{minutes_id}/edit">Open the minutes<' in page
    assert "Circulated" in page
