"""Joining and keeping an entry current: the application form, its moderation, and a
partner's own edits going through review."""

import pytest
from sqlalchemy import select

from app.editing.models import Revision, RevisionKind, Status
from app.extensions import db
from app.partners.applications import APPLICATIONS_PER_HOUR
from app.partners.models import JoinApplication, Partner
from tests.conftest import csrf_token_from
from tests.editing_helpers import signed_in_client
from tests.partners_helpers import form_data, make_partner, organisation_count

APPLICATION = {
    "name": "Mekong Youth Water Club",
    "stakeholder_group": "civil-society",
    "country": "LA",
    "city": "Pakse",
    "description": "Students monitoring the river.",
    "sdgs": ["6", "4"],
    "contribution": "Volunteers for river clean-ups",
    "contact_name": "Souk",
    "contact_email": "souk@example.org",
}


def apply(client, **changes):
    token = csrf_token_from(client.get("/partners/apply/"))
    return client.post("/partners/apply/", data={**APPLICATION, "csrf_token": token, **changes})


def applications(app) -> list[JoinApplication]:
    with app.app_context():
        found = list(db.session.scalars(select(JoinApplication)))
        for application in found:
            db.session.expunge(application)
        return found


def test_an_application_lands_in_the_moderation_queue(app, client, make_user):
    response = apply(client)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/partners/apply/sent/")
    (application,) = applications(app)
    assert application.status == "pending" and application.sdgs == [4, 6]
    assert "Mekong Youth Water Club" not in client.get("/partners/").get_data(as_text=True)

    editor = signed_in_client(app, make_user("editor"))
    queue = editor.get("/manage/partner/applications/").get_data(as_text=True)
    assert "Mekong Youth Water Club" in queue and "souk@example.org" in queue


def test_a_bad_application_is_shown_again_with_messages(app, client):
    response = apply(client, name="", country="Atlantis", contact_email="not an address")
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Atlantis" in body and "Enter an email address" in body
    assert 'value="Pakse"' in body  # the rest is kept
    assert applications(app) == []


def test_the_honeypot_thanks_robots_and_keeps_nothing(app, client):
    response = apply(client, homepage="http://spam.example")
    assert response.status_code == 303
    assert applications(app) == []


def test_applications_are_limited_per_address(app, client):
    for _ in range(APPLICATIONS_PER_HOUR):
        assert apply(client).status_code == 303
    response = apply(client)
    assert response.status_code == 429
    assert "Too many applications" in response.get_data(as_text=True)
    assert len(applications(app)) == APPLICATIONS_PER_HOUR
    other = app.test_client()
    token = csrf_token_from(other.get("/partners/apply/"))
    response = other.post(
        "/partners/apply/",
        data={**APPLICATION, "csrf_token": token},
        environ_base={"REMOTE_ADDR": "10.1.2.3"},
    )
    assert response.status_code == 303


def decide(editor, application_id, verb):
    token = csrf_token_from(editor.get("/manage/partner/applications/"))
    return editor.post(
        f"/manage/partner/applications/{application_id}/{verb}", data={"csrf_token": token}
    )


def test_accepting_an_application_makes_a_private_draft(app, client, make_user):
    apply(client)
    (application,) = applications(app)
    editor = signed_in_client(app, make_user("editor"))

    response = decide(editor, application.id, "accept")

    assert response.status_code == 303 and "/manage/partner/" in response.headers["Location"]
    with app.app_context():
        organisation = db.session.scalar(select(Partner))
        assert organisation.status is Status.DRAFT
        assert organisation.slug == "mekong-youth-water-club"
        assert organisation.country == "LA" and organisation.sdgs == [4, 6]
        assert organisation.contact_email == "souk@example.org"
        assert organisation.contact_email_visibility == "hidden"
        assert organisation.head_revision_id is not None
    assert client.get("/partners/mekong-youth-water-club/").status_code == 404
    (decided,) = applications(app)
    assert decided.status == "accepted" and decided.organisation_id is not None
    # Deciding twice does nothing more.
    decide(editor, application.id, "accept")
    assert organisation_count(app) == 1


def test_declining_an_application_creates_nothing(app, client, make_user):
    apply(client)
    (application,) = applications(app)
    editor = signed_in_client(app, make_user("editor"))
    assert decide(editor, application.id, "decline").status_code == 303
    assert applications(app)[0].status == "declined"
    assert organisation_count(app) == 0
    queue = editor.get("/manage/partner/applications/").get_data(as_text=True)
    assert "No application is waiting." in queue


@pytest.fixture
def own_organisation(app):
    return make_partner(
        app,
        name="Delta Farmers' Union",
        slug="dfu",
        description="Old text.",
        sdgs=[2],
        contributions=[{"type": "network", "description": "Members"}],
        languages=["vi"],
    )


def edit_page(client, organisation_id):
    return client.get(f"/manage/partner/{organisation_id}/edit")


def snapshot_of(app, organisation_id) -> dict:
    with app.app_context():
        return db.session.get(Partner, organisation_id).snapshot()


def test_a_partner_account_linked_to_no_organisation_is_told_to_ask(app, make_user):
    partner = signed_in_client(app, make_user("partner", organisation="nobody-yet"))
    dashboard = partner.get("/manage/").get_data(as_text=True)
    assert "Your account is not linked to an organisation in the directory yet" in dashboard
    assert "Update your organisation" not in dashboard


def test_a_partner_edits_their_own_organisation_through_review(
    app, client, make_user, own_organisation
):
    partner = signed_in_client(app, make_user("partner", organisation="dfu"))
    dashboard = partner.get("/manage/").get_data(as_text=True)
    assert f'href="/manage/partner/{own_organisation}/edit"' in dashboard
    assert 'href="/partners/dfu/"' in dashboard

    page = edit_page(partner, own_organisation)
    assert page.status_code == 200
    data = form_data(
        snapshot_of(app, own_organisation),
        description="New text from the partner.",
        sdgs=[2, 6],
        languages=["Vietnamese", "English"],
        contributions=[
            {"type": "network", "description": "Members"},
            {"type": "staff-time", "description": "A focal point"},
        ],
    )
    data.update(csrf_token=csrf_token_from(page), base_revision=_base(page))
    response = partner.post(f"/manage/partner/{own_organisation}/edit", data=data)
    assert response.status_code == 303, response.get_data(as_text=True)

    # Submitted for review: the public still sees the old entry.
    public = client.get("/partners/dfu/").get_data(as_text=True)
    assert "Old text." in public and "New text" not in public
    with app.app_context():
        submission = db.session.scalar(
            select(Revision).where(Revision.kind == RevisionKind.SUBMITTED)
        )
        assert submission.snapshot["sdgs"] == [2, 6]
        assert submission.snapshot["languages"] == ["vi", "en"]
        submission_id = submission.id

    editor = signed_in_client(app, make_user("editor"))
    assert "Delta Farmers" in editor.get("/manage/").get_data(as_text=True)
    token = csrf_token_from(edit_page(editor, own_organisation))
    accepted = editor.post(
        f"/manage/partner/{own_organisation}/submissions/{submission_id}/accept",
        data={"csrf_token": token},
    )
    assert accepted.status_code == 303
    editor.post(f"/manage/partner/{own_organisation}/publish", data={"csrf_token": token})

    public = client.get("/partners/dfu/").get_data(as_text=True)
    assert "New text from the partner." in public and "A focal point" in public
    assert "6" in client.get("/partners/?sdg=6").get_data(as_text=True)
    assert "Delta Farmers" in client.get("/partners/sdg/6/").get_data(as_text=True)


def _base(page) -> str:
    import re

    return re.search(r'name="base_revision"[^>]*value="(\d*)"', page.get_data(as_text=True)).group(
        1
    )


def test_a_partner_cannot_move_their_organisation_to_another_address(
    app, make_user, own_organisation
):
    partner = signed_in_client(app, make_user("partner", organisation="dfu"))
    page = edit_page(partner, own_organisation)
    data = form_data(snapshot_of(app, own_organisation), slug="elsewhere")
    data.update(csrf_token=csrf_token_from(page), base_revision=_base(page))
    response = partner.post(f"/manage/partner/{own_organisation}/edit", data=data)
    assert response.status_code == 422
    assert "ask the secretariat to change the address" in response.get_data(as_text=True)


def test_a_partner_cannot_edit_another_organisation(app, make_user, own_organisation):
    other = make_partner(app, slug="someone-else")
    partner = signed_in_client(app, make_user("partner", organisation="dfu"))
    assert edit_page(partner, other).status_code == 403
    assert edit_page(partner, own_organisation).status_code == 200


def test_history_restore_and_trash_keep_every_field(app, client, make_user, own_organisation):
    editor = signed_in_client(app, make_user("editor"))
    original = snapshot_of(app, own_organisation)
    page = edit_page(editor, own_organisation)
    data = form_data(
        original, sdgs=[13], focus_areas=["floods"], contact_phone="+84 1", action="publish"
    )
    data.update(csrf_token=csrf_token_from(page), base_revision=_base(page))
    assert editor.post(f"/manage/partner/{own_organisation}/edit", data=data).status_code == 303
    assert snapshot_of(app, own_organisation)["sdgs"] == [13]

    with app.app_context():
        first = db.session.scalar(
            select(Revision).where(Revision.record_id == own_organisation).order_by(Revision.id)
        )
        first_id = first.id
    token = csrf_token_from(edit_page(editor, own_organisation))
    editor.post(
        f"/manage/partner/{own_organisation}/restore/{first_id}", data={"csrf_token": token}
    )
    editor.post(f"/manage/partner/{own_organisation}/publish", data={"csrf_token": token})
    assert snapshot_of(app, own_organisation) == original
    assert "Delta Farmers" in client.get("/partners/sdg/2/").get_data(as_text=True)

    editor.post(f"/manage/partner/{own_organisation}/trash", data={"csrf_token": token})
    assert client.get("/partners/dfu/").status_code == 404
    assert "Delta Farmers" not in client.get("/partners/").get_data(as_text=True)
    editor.post(f"/manage/partner/{own_organisation}/untrash", data={"csrf_token": token})
    assert client.get("/partners/dfu/").status_code == 200
