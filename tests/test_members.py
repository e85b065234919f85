"""The members' area: who gets in, what members read, and that a report kept for members
is shared with them as one version and never published."""

import pytest
from sqlalchemy import select

from app.editing.models import Status
from app.extensions import db
from app.reports.models import Report
from tests.conftest import PASSWORD, AuthActions, csrf_token_from
from tests.editing_helpers import form_fields, signed_in_client
from tests.partners_helpers import make_partner
from tests.test_editing import tiny_pdf
from tests.transparency_helpers import make_report

SECRET_TITLE = "Budget scenarios for members"
SECRET_SUMMARY = "Three scenarios for the membership fees of next year."


@pytest.fixture
def app_config():
    return {"RATELIMIT_ENABLED": False}


@pytest.fixture
def people(app, make_user):
    """An editor, and a member of each of two organisations of the directory."""
    make_partner(app, name="Delta Farmers Union", slug="org-a", stakeholder_group="civil-society")
    make_partner(app, name="Can Tho University", slug="org-b", stakeholder_group="academia")
    return {
        "editor": make_user("editor", email="editor@example.org"),
        "member-a": make_user("partner", email="member-a@example.org", organisation="org-a"),
        "member-b": make_user("partner", email="member-b@example.org", organisation="org-b"),
    }


def post(client, url, **data):
    token = csrf_token_from(client.get("/manage/"))
    return client.post(url, data={"csrf_token": token, **data})


def members_only_report(app, editor_client, slug="budget-scenarios") -> int:
    """A report with a file, kept for members and shared with them by a coordinator."""
    from app.uploads.services import store_attachment

    with app.app_context():
        report_id = make_report(slug, SECRET_TITLE, publish=False, summary=SECRET_SUMMARY)
        report = db.session.get(Report, report_id)
        store_attachment(report, tiny_pdf(), "budget-scenarios.pdf", None)
        db.session.commit()
    assert post(editor_client, f"/manage/report/{report_id}/members-only").status_code == 303
    assert post(editor_client, f"/manage/report/{report_id}/share").status_code == 303
    return report_id


def file_url(app, report_id) -> str:
    from app.uploads.models import Attachment

    with app.app_context():
        attachment = db.session.scalars(
            select(Attachment).where(Attachment.record_id == report_id)
        ).one()
        return f"{attachment.id}/{attachment.original_name}"


def test_a_member_reads_a_shared_report_and_its_file_the_public_does_not(app, people):
    editor = signed_in_client(app, people["editor"])
    report_id = members_only_report(app, editor)
    member = signed_in_client(app, people["member-b"])

    home = member.get("/members/").get_data(as_text=True)
    assert SECRET_TITLE in home
    page = member.get("/members/documents/report/budget-scenarios/")
    assert page.status_code == 200
    assert SECRET_SUMMARY in page.get_data(as_text=True)
    assert "no-store" in page.headers["Cache-Control"]
    document = member.get(f"/members/files/{file_url(app, report_id)}")
    assert document.status_code == 200
    assert document.data.startswith(b"%PDF")
    assert "no-store" in document.headers["Cache-Control"]
    document.close()

    anonymous = app.test_client()
    refused = anonymous.get("/members/documents/report/budget-scenarios/")
    assert refused.status_code == 303
    assert refused.headers["Location"].startswith("/login?next=")
    assert anonymous.get(f"/members/files/{file_url(app, report_id)}").status_code == 303
    assert anonymous.get("/reports/budget-scenarios/").status_code == 404
    assert SECRET_TITLE not in anonymous.get("/reports/").get_data(as_text=True)
    # Nor through the public address of the file.
    assert anonymous.get(f"/files/{file_url(app, report_id)}").status_code == 404
    assert member.get(f"/files/{file_url(app, report_id)}").status_code == 404


def test_members_read_the_shared_version_not_a_later_draft(app, people):
    editor = signed_in_client(app, people["editor"])
    report_id = members_only_report(app, editor)
    data = form_fields(editor.get(f"/manage/report/{report_id}/edit"))
    data.update(
        summary="A fourth scenario, still being discussed.", report_type="annual", action="save"
    )
    assert editor.post(f"/manage/report/{report_id}/edit", data=data).status_code == 303

    member = signed_in_client(app, people["member-a"])
    url = "/members/documents/report/budget-scenarios/"
    shown = member.get(url).get_data(as_text=True)
    assert SECRET_SUMMARY in shown and "fourth scenario" not in shown
    edit_page = editor.get(f"/manage/report/{report_id}/edit").get_data(as_text=True)
    assert "Changes not shared" in edit_page

    assert post(editor, f"/manage/report/{report_id}/share").status_code == 303
    assert "fourth scenario" in member.get(url).get_data(as_text=True)


def test_a_members_only_report_is_never_published(app, people):
    editor = signed_in_client(app, people["editor"])
    report_id = members_only_report(app, editor)

    page = editor.get(f"/manage/report/{report_id}/edit").get_data(as_text=True)
    assert "Members only" in page
    assert "Save and publish" not in page
    assert f"/manage/report/{report_id}/publish" not in page
    assert "Members only" in editor.get("/manage/report/").get_data(as_text=True)

    # A Publish sent all the same (an old tab, a script) is refused, and so is one by Save.
    refused = post(editor, f"/manage/report/{report_id}/publish")
    assert refused.status_code == 303
    data = form_fields(editor.get(f"/manage/report/{report_id}/edit"))
    saved = editor.post(
        f"/manage/report/{report_id}/edit",
        data={**data, "report_type": "annual", "action": "publish"},
    )
    assert saved.status_code == 303
    with app.app_context():
        assert db.session.get(Report, report_id).status is Status.DRAFT
    assert app.test_client().get("/reports/budget-scenarios/").status_code == 404


def test_a_published_report_made_members_only_leaves_the_public_site(app, people):
    with app.app_context():
        report_id = make_report("annual-2025", "Annual report 2025")
    reader = app.test_client()
    assert reader.get("/reports/annual-2025/").status_code == 200
    editor = signed_in_client(app, people["editor"])
    assert post(editor, f"/manage/report/{report_id}/members-only").status_code == 303
    assert reader.get("/reports/annual-2025/").status_code == 404
    # Not yet shared: members do not read it either.
    member = signed_in_client(app, people["member-a"])
    assert member.get("/members/documents/report/annual-2025/").status_code == 404

    # Made public again, it is a draft to publish as any other.
    assert post(editor, f"/manage/report/{report_id}/for-everyone").status_code == 303
    assert post(editor, f"/manage/report/{report_id}/publish").status_code == 303
    assert reader.get("/reports/annual-2025/").status_code == 200


def test_a_page_can_be_kept_for_members_too(app, people):
    from tests.export_helpers import add_page

    with app.app_context():
        page_id = add_page("Code of conduct draft", "conduct-draft", "Be kind.", publish=False)
    editor = signed_in_client(app, people["editor"])
    assert post(editor, f"/manage/page/{page_id}/members-only").status_code == 303
    assert post(editor, f"/manage/page/{page_id}/share").status_code == 303
    member = signed_in_client(app, people["member-a"])
    shown = member.get("/members/documents/page/conduct-draft/").get_data(as_text=True)
    assert "Be kind." in shown
    assert app.test_client().get("/pages/conduct-draft/").status_code == 404


def test_a_member_lands_in_the_members_area_a_coordinator_in_manage(app, people):
    member = app.test_client()
    signed_in = AuthActions(member).login("member-a@example.org", PASSWORD)
    assert signed_in.headers["Location"] == "/members/"
    coordinator = app.test_client()
    signed_in = AuthActions(coordinator).login("editor@example.org", PASSWORD)
    assert signed_in.headers["Location"] == "/manage/"


def test_the_members_area_says_who_you_are_and_your_open_actions(app, people):
    from app.decisions.models import Action
    from app.editing.services import create_record, publish_record

    with app.app_context():
        for title, owner, state in [
            ("Draft the water safety plan", "org-a", "open"),
            ("Collect the survey forms", "org-a", "done"),
            ("Host the field visit", "org-b", "open"),
        ]:
            action = create_record(Action, {"title": title, "owner_slug": owner, "state": state},
                                   None)  # fmt: skip
            publish_record(action, None)
    page = signed_in_client(app, people["member-a"]).get("/members/").get_data(as_text=True)
    assert "Delta Farmers Union" in page
    assert "Civil society" in page
    assert "Draft the water safety plan" in page
    assert "Collect the survey forms" not in page  # done
    assert "Host the field visit" not in page  # another organisation's


def test_documents_shared_since_the_last_visit_are_new(app, people):
    editor = signed_in_client(app, people["editor"])
    members_only_report(app, editor)
    member = signed_in_client(app, people["member-a"])
    assert "1 new since your last visit" in member.get("/members/").get_data(as_text=True)
    assert "Nothing new since your last visit" in member.get("/members/").get_data(as_text=True)


def test_members_see_each_others_names_and_organisations_not_emails(app, people, make_user):
    from app.accounts.services import find_user

    with app.app_context():
        find_user("member-b@example.org").name = "Tran Thi Mai"
        db.session.commit()
    page = signed_in_client(app, people["member-a"]).get("/members/people/")
    text = page.get_data(as_text=True)
    assert "Tran Thi Mai" in text and "Can Tho University" in text
    assert "Delta Farmers Union" in text
    assert "@example.org" not in text.replace("member-a@example.org", "")


def test_who_may_enter_the_members_area(app, people, make_user):
    from app.editing.services import trash_record
    from app.partners.models import Partner

    gone = make_partner(app, name="Gone", slug="org-gone")
    make_user("partner", email="no-organisation@example.org", organisation="org-gone")
    with app.app_context():
        trash_record(db.session.get(Partner, gone), None)
    for email, status in [
        ("member-a@example.org", 200),
        ("member-b@example.org", 200),
        ("editor@example.org", 200),
        ("no-organisation@example.org", 403),
    ]:
        client = app.test_client()
        AuthActions(client).login(email, PASSWORD)
        assert client.get("/members/people/").status_code == status, email


def test_a_shared_report_deleted_for_good_leaves_the_members_area(app, people, make_user):
    editor = signed_in_client(app, people["editor"])
    report_id = members_only_report(app, editor)
    admin = signed_in_client(app, make_user("admin"))
    assert post(admin, f"/manage/report/{report_id}/trash").status_code == 303
    member = signed_in_client(app, people["member-a"])
    assert SECRET_TITLE not in member.get("/members/").get_data(as_text=True)
    assert post(admin, f"/manage/report/{report_id}/purge").status_code == 303
    with app.app_context():
        assert db.session.get(Report, report_id) is None
    assert member.get("/members/documents/report/budget-scenarios/").status_code == 404
