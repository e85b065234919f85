"""The editing mechanism, through the pages a coordinator uses: nothing submitted is lost."""

import re

import pytest
from sqlalchemy import func, select

from app.editing.models import Revision, RevisionKind, Status
from app.extensions import db
from app.pages.models import Page
from tests.editing_helpers import edit_form, new_page, save, signed_in_client


@pytest.fixture
def editor(app, make_user):
    return signed_in_client(app, make_user("editor", email="ana@example.org"))


@pytest.fixture
def other_editor(app, make_user):
    return signed_in_client(app, make_user("editor", email="ben@example.org"))


def page(app, page_id) -> Page:
    with app.app_context():
        record = db.session.get(Page, page_id)
        db.session.expunge(record)
        return record


def revisions(app, page_id, kind=None) -> list[Revision]:
    with app.app_context():
        query = select(Revision).where(
            Revision.record_type == "page", Revision.record_id == page_id
        )
        if kind:
            query = query.where(Revision.kind == kind)
        found = list(db.session.scalars(query.order_by(Revision.id)))
        for revision in found:
            db.session.expunge(revision)
        return found


def test_a_draft_is_private_until_published(client, editor):
    page_id = new_page(editor, body="Draft text")
    assert client.get("/pages/about/").status_code == 404

    editor.post(
        f"/manage/page/{page_id}/publish",
        data={"csrf_token": edit_form(editor, page_id)["csrf_token"]},
    )
    assert "Draft text" in client.get("/pages/about/").get_data(as_text=True)


def test_later_drafts_stay_private_until_published(app, client, editor):
    page_id = new_page(editor, body="First words", publish=True)
    save(editor, page_id, edit_form(editor, page_id), body="Second words")

    public = client.get("/pages/about/").get_data(as_text=True)
    assert "First words" in public and "Second words" not in public
    assert page(app, page_id).has_unpublished_changes

    save(editor, page_id, edit_form(editor, page_id), action="publish")
    public = client.get("/pages/about/").get_data(as_text=True)
    assert "Second words" in public and "First words" not in public


def test_every_save_writes_a_revision_with_author_parent_and_note(app, editor):
    page_id = new_page(editor, body="one")
    save(editor, page_id, edit_form(editor, page_id), body="two", change_note="Fixed a typo")
    first, second = revisions(app, page_id)
    assert second.parent_id == first.id
    assert second.note == "Fixed a typo"
    assert second.snapshot["body"] == "two"
    assert second.author_id == first.author_id is not None


def test_two_editors_from_the_same_base_lose_nothing(app, editor, other_editor):
    page_id = new_page(editor, body="The meeting is on Monday.", publish=True)
    form_a = edit_form(editor, page_id)
    form_b = edit_form(other_editor, page_id)

    assert save(editor, page_id, form_a, body="The meeting is on Tuesday.").status_code == 303
    response = save(other_editor, page_id, form_b, body="The meeting is on Wednesday.")

    assert response.status_code == 409
    conflict_page = response.get_data(as_text=True)
    assert "Nothing was overwritten" in conflict_page
    assert "The meeting is on Wednesday." in conflict_page  # their own text, to keep working on
    assert "Tuesday" in conflict_page  # and the other text beside it
    # The first save was not overwritten, and the second is stored, not thrown away.
    with app.app_context():
        record = db.session.get(Page, page_id)
        head = db.session.get(Revision, record.head_revision_id)
        assert head.snapshot["body"] == "The meeting is on Tuesday."
    (kept,) = revisions(app, page_id, RevisionKind.CONFLICT)
    assert kept.snapshot["body"] == "The meeting is on Wednesday."


def test_resolving_a_conflict_saves_the_merge_and_closes_it(app, editor, other_editor):
    page_id = new_page(editor, body="Monday")
    form_a, form_b = edit_form(editor, page_id), edit_form(other_editor, page_id)
    save(editor, page_id, form_a, body="Tuesday")
    conflict_page = save(other_editor, page_id, form_b, body="Wednesday")

    from tests.editing_helpers import form_fields

    merge_form = form_fields(conflict_page)
    assert merge_form["resolves"]
    response = save(other_editor, page_id, merge_form, body="Tuesday or Wednesday")
    assert response.status_code == 303 and "/edit" in response.headers["Location"]
    assert page(app, page_id).body == "Tuesday or Wednesday"
    (conflict,) = revisions(app, page_id, RevisionKind.CONFLICT)
    assert conflict.resolved_at is not None


def test_changes_to_different_paragraphs_merge_automatically(app, editor, other_editor):
    body = "Para one.\n\nPara two.\n\nPara three.\n"
    page_id = new_page(editor, body=body)
    form_a, form_b = edit_form(editor, page_id), edit_form(other_editor, page_id)
    save(editor, page_id, form_a, body=body.replace("Para one.", "Para ONE."))
    response = save(other_editor, page_id, form_b, body=body.replace("Para three.", "Para THREE."))
    assert "/edit" in response.headers["Location"]
    assert page(app, page_id).body == "Para ONE.\n\nPara two.\n\nPara THREE.\n"


def test_an_expired_csrf_token_keeps_the_text(app, editor):
    page_id = new_page(editor, body="old")
    form = edit_form(editor, page_id)
    with editor.session_transaction() as session:
        session.pop("csrf_token", None)  # what an expired or rotated session looks like

    response = save(editor, page_id, form, body="A long text I must not lose")
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "A long text I must not lose" in body
    assert "press Save again" in body
    assert page(app, page_id).body == "old"  # nothing half-written

    from tests.editing_helpers import form_fields

    again = save(editor, page_id, form_fields(response))
    assert again.status_code == 303
    assert page(app, page_id).body == "A long text I must not lose"


def test_an_expired_session_asks_to_sign_in_and_keeps_the_text(app, editor, make_user):
    page_id = new_page(editor, body="old")
    form = edit_form(editor, page_id)
    editor.delete_cookie("session")  # the session cookie is gone

    response = save(editor, page_id, form, body="Text typed during a long meeting")
    body = response.get_data(as_text=True)
    assert response.status_code == 401
    assert "Sign in again" in body and "Text typed during a long meeting" in body

    import re

    from tests.conftest import PASSWORD
    from tests.editing_helpers import unescape

    resume = unescape(re.search(r'name="resume" type="hidden" value="([^"]*)"', body).group(1))
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', body).group(1)
    response = editor.post(
        "/login",
        data={"email": "ana@example.org", "password": PASSWORD, "csrf_token": token,
              "next": f"/manage/page/{page_id}/edit", "resume": resume},
    )  # fmt: skip
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "Save my changes" in body
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', body))
    fields = {name: unescape(value) for name, value in fields.items()}
    assert fields["body"] == "Text typed during a long meeting"

    assert editor.post(f"/manage/page/{page_id}/edit", data=fields).status_code == 303
    assert page(app, page_id).body == "Text typed during a long meeting"


def test_invalid_input_is_shown_beside_the_field_with_the_text_kept(editor):
    page_id = new_page(editor, slug="taken")
    other = new_page(editor, slug="free")
    response = save(editor, other, edit_form(editor, other), slug="taken", body="Keep me")
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Another page already uses this address." in body
    assert "Keep me" in body
    assert page_id != other


def test_history_diff_and_restore(app, editor):
    page_id = new_page(editor, body="The quick fox")
    save(editor, page_id, edit_form(editor, page_id), body="The slow fox")
    first, second = revisions(app, page_id)

    history = editor.get(f"/manage/page/{page_id}/history").get_data(as_text=True)
    assert "ana@example.org" in history
    diff = editor.get(f"/manage/page/{page_id}/diff?from={first.id}&to={second.id}")
    assert "<del>quick</del><ins>slow</ins>" in diff.get_data(as_text=True)

    token = edit_form(editor, page_id)["csrf_token"]
    editor.post(f"/manage/page/{page_id}/restore/{first.id}", data={"csrf_token": token})
    assert page(app, page_id).body == "The quick fox"
    latest = revisions(app, page_id)[-1]
    assert latest.kind is RevisionKind.RESTORE and latest.parent_id == second.id


def test_the_diff_also_shows_both_versions_rendered_and_sanitised(app, editor):
    page_id = new_page(editor, body="## Plan\n\nThe **quick** fox")
    hostile = "## Plan\n\nThe *slow* fox <script>alert(1)</script> [x](javascript:alert(1))"
    save(editor, page_id, edit_form(editor, page_id), body=hostile)
    first, second = revisions(app, page_id)

    html = editor.get(f"/manage/page/{page_id}/diff?from={first.id}&to={second.id}")
    body = html.get_data(as_text=True)
    assert "<summary>As the page shows it</summary>" in body
    before, after = re.findall(r'<div class="prose">(.*?)</div>\s*</section>', body, re.S)
    assert "<strong>quick</strong>" in before and "<em>" not in before
    assert "<em>slow</em>" in after and "<strong>" not in after
    # The same sanitiser as the public page: no live script, no javascript: link.
    assert "<script" not in after and "&lt;script&gt;" in after
    assert 'href="javascript' not in after
    assert 'id="plan">Plan</h' in before


def test_trash_then_restore_is_lossless(app, client, editor):
    import io

    page_id = new_page(editor, title="Annual plan", body="Plan text", publish=True)
    token = edit_form(editor, page_id)["csrf_token"]
    upload = editor.post(
        f"/manage/page/{page_id}/attachments",
        data={"csrf_token": token, "file": (io.BytesIO(tiny_pdf()), "plan.pdf")},
        content_type="multipart/form-data",
    )
    assert upload.status_code == 303
    editor.post(f"/manage/page/{page_id}/publish", data={"csrf_token": token})
    save(editor, page_id, edit_form(editor, page_id), body="Plan text, draft two")
    before = snapshot_everything(app, page_id)
    file_url = "/files/1/plan.pdf"
    assert status_of(client, file_url) == 200

    editor.post(f"/manage/page/{page_id}/trash", data={"csrf_token": token})
    assert page(app, page_id).status is Status.TRASHED
    assert client.get("/pages/about/").status_code == 404
    assert status_of(client, file_url) == 404

    editor.post(f"/manage/page/{page_id}/untrash", data={"csrf_token": token})
    after = snapshot_everything(app, page_id)
    assert after == before
    assert status_of(client, file_url) == 200


def test_purge_is_for_admins_only(app, editor, make_user):
    page_id = new_page(editor)
    token = edit_form(editor, page_id)["csrf_token"]
    editor.post(f"/manage/page/{page_id}/trash", data={"csrf_token": token})
    assert (
        editor.post(f"/manage/page/{page_id}/purge", data={"csrf_token": token}).status_code == 403
    )

    admin = signed_in_client(app, make_user("admin"))
    admin_token = edit_form(admin, page_id)["csrf_token"]
    response = admin.post(f"/manage/page/{page_id}/purge", data={"csrf_token": admin_token})
    assert response.status_code == 303
    with app.app_context():
        assert db.session.get(Page, page_id) is None
        assert db.session.scalar(select(func.count()).select_from(Revision)) == 0


def test_dashboard_lists_drafts_conflicts_and_recent_changes(app, editor, other_editor):
    page_id = new_page(editor, title="Draft page", body="a")
    form_a, form_b = edit_form(editor, page_id), edit_form(other_editor, page_id)
    save(editor, page_id, form_a, body="b")
    save(other_editor, page_id, form_b, body="c")
    body = editor.get("/manage/").get_data(as_text=True)
    assert "Conflicts to resolve" in body
    assert "Draft page" in body
    assert "Recent changes" in body


def test_manage_pages_are_never_cached(editor):
    assert editor.get("/manage/").headers["Cache-Control"] == "no-store"


def test_signed_in_editors_see_an_edit_link_on_public_pages(client, editor):
    page_id = new_page(editor, publish=True)
    assert f"/manage/page/{page_id}/edit" in editor.get("/pages/about/").get_data(as_text=True)
    assert "/manage/" not in client.get("/pages/about/").get_data(as_text=True)


def test_the_audit_log_records_changes_for_admins(app, editor, make_user):
    new_page(editor, title="Audited")
    admin = signed_in_client(app, make_user("admin"))
    body = admin.get("/manage/audit/").get_data(as_text=True)
    assert "create" in body and "ana@example.org" in body
    assert editor.get("/manage/audit/").status_code == 403


# -- helpers ---------------------------------------------------------------------------


def status_of(client, url) -> int:
    """Status of a GET whose body (a file) is not needed; closes the file it streams."""
    response = client.get(url)
    response.close()
    return response.status_code


def tiny_pdf() -> bytes:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def snapshot_everything(app, page_id) -> dict:
    from app.uploads.models import Attachment

    with app.app_context():
        record = db.session.get(Page, page_id)
        columns = {c.name: getattr(record, c.name) for c in Page.__table__.columns}
        columns.pop("trashed_at")
        revisions_ = [(r.id, r.kind, r.snapshot) for r in db.session.scalars(select(Revision))]
        files = [(a.id, a.sha256, a.original_name) for a in db.session.scalars(select(Attachment))]
        return {"record": columns, "revisions": revisions_, "files": files}


def test_admins_change_the_coalition_settings_and_the_home_page_follows(app, client, make_user):
    admin = signed_in_client(app, make_user("admin"))
    page = admin.get("/manage/settings/")
    token = re.search(
        r'name="csrf_token" type="hidden" value="([^"]+)"', page.get_data(as_text=True)
    )
    data = {"csrf_token": token.group(1), "name": "", "tagline": "x", "about": "Hi"}
    response = admin.post("/manage/settings/", data=data)
    assert response.status_code == 422 and "This field is required." in response.get_data(
        as_text=True
    )

    data["name"] = "Delta Alliance"
    assert admin.post("/manage/settings/", data=data).status_code == 303
    assert "<h1>Delta Alliance</h1>" in client.get("/").get_data(as_text=True)


def test_the_preview_button_shows_the_text_without_saving(app, editor):
    page_id = new_page(editor, body="Saved text")
    response = save(
        editor, page_id, edit_form(editor, page_id), body="**Bold idea**", action="preview"
    )
    assert response.status_code == 200
    assert "<strong>Bold idea</strong>" in response.get_data(as_text=True)
    assert page(app, page_id).body == "Saved text"


def test_publishing_says_the_offline_copy_follows_only_when_the_site_is_published(editor):
    page_id = new_page(editor, body="Draft text")
    response = editor.post(
        f"/manage/page/{page_id}/publish",
        data={"csrf_token": edit_form(editor, page_id)["csrf_token"]},
        follow_redirects=True,
    )
    html = response.get_data(as_text=True)
    assert "The public now sees this version on the live site." in html
    # The way to the static copy, as a link (not as escaped markup).
    assert '<a href="/manage/publish/">Publish the site to update its offline copy.</a>' in html
