"""The first-run checklist on the /manage dashboard: ticked from the database, step by step,
with links to where each step is done; hidden when all are done or an admin hides it."""

import re

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.editing.services import head_snapshot, publish_record, save_record
from app.export.publishing import PublishRun, RunStatus
from app.extensions import db
from app.manage.first_steps import current_checklist
from app.pages.bundled import PLACEHOLDER, add_bundled_pages, bundled_page_ids
from app.pages.models import Page
from app.site.services import save_settings, site_settings
from tests.conftest import csrf_token_from
from tests.partners_helpers import make_partner
from tests.query_helpers import counted
from tests.transparency_helpers import make_body, make_meeting

STEPS = ["name", "partners", "invite", "meeting", "pages", "publish"]


@pytest.fixture
def new_site(app):
    """A site as `flask setup` leaves it, bundled pages included."""
    with app.app_context():
        add_bundled_pages()
    return app


@pytest.fixture
def admin(new_site, make_user, auth):
    user = make_user("admin")
    auth.login(user.email)
    return user


def dashboard(client) -> str:
    response = client.get("/manage/")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def step_states(page: str) -> dict[str, str]:
    """Each step's name and whether it is done ("step-done") or not ("step-open")."""
    found = re.findall(r'<li class="(step-done|step-open)" data-step="([a-z-]+)"', page)
    return {name: state for state, name in found}


def step_links(page: str, name: str) -> list[str]:
    item = re.search(rf'data-step="{name}">(.*?)</li>', page, re.S).group(1)
    return re.findall(r'href="([^"]+)"', item)


def adapt_pages(app) -> None:
    """What a coordinator does: replace every placeholder, then publish each page."""
    with app.app_context():
        for page_id in bundled_page_ids().values():
            page = db.session.get(Page, page_id)
            body = re.sub(r"\[FILL IN:[^\]]*\]", "Our own words.", head_snapshot(page)["body"])
            save_record(page, {"body": body}, page.head_revision_id, None)
            publish_record(page, None)


def do_step(app, name: str, make_user) -> None:
    if name == "name":
        with app.app_context():
            save_settings({"name": "Lake Basin Partnership"})
    elif name == "partners":
        make_partner(app, publish=False)
    elif name == "invite":
        make_user("editor")
    elif name == "meeting":
        with app.app_context():
            make_meeting(make_body(), "2026-11-03", publish=False)
    elif name == "pages":
        adapt_pages(app)
    elif name == "publish":
        with app.app_context():
            db.session.add(PublishRun(status=RunStatus.DONE.value))
            db.session.commit()


def test_a_new_site_lists_every_step_as_to_do_with_its_links(client, admin):
    page = dashboard(client)

    assert "0 of 6 done" in page
    assert step_states(page) == dict.fromkeys(STEPS, "step-open")
    assert step_links(page, "name") == ["/manage/settings/"]
    assert step_links(page, "partners") == ["/manage/partner/new", "/manage/partner/import"]
    assert step_links(page, "invite") == ["/manage/users/#invite"]
    assert step_links(page, "meeting") == ["/manage/governance-body/new", "/manage/meeting/new"]
    assert step_links(page, "pages") == ["/manage/page/"]
    assert step_links(page, "publish") == ["/manage/publish/"]
    for url in {url for name in STEPS for url in step_links(page, name)}:
        assert client.get(url.partition("#")[0]).status_code == 200, url


def test_each_step_is_ticked_from_the_database_until_the_list_goes(client, admin, make_user):
    app = client.application
    for done, name in enumerate(STEPS, start=1):
        do_step(app, name, make_user)
        page = dashboard(client)
        if done == len(STEPS):
            assert 'id="first-steps"' not in page
            break
        assert f"{done} of 6 done" in page
        states = step_states(page)
        assert [step for step in STEPS if states[step] == "step-done"] == STEPS[:done]


def test_pages_published_with_placeholders_left_are_not_adapted(client, admin):
    app = client.application
    with app.app_context():
        for page in db.session.scalars(select(Page)):
            publish_record(page, None)
        assert db.session.scalar(select(func.count()).where(Page.body.contains(PLACEHOLDER)))
    assert step_states(dashboard(client))["pages"] == "step-open"
    adapt_pages(app)
    assert step_states(dashboard(client))["pages"] == "step-done"


def test_an_editor_sees_the_steps_but_only_links_it_may_open(new_site, client, auth, make_user):
    auth.login(make_user("editor").email)
    page = dashboard(client)

    assert "0 of 6 done" in page
    assert step_links(page, "name") == [] and step_links(page, "invite") == []
    assert "An administrator does this." in page
    assert step_links(page, "partners") == ["/manage/partner/new", "/manage/partner/import"]
    assert "/manage/first-steps/dismiss" not in page


def test_a_partner_contact_never_sees_the_steps(new_site, client, auth, make_user):
    make_partner(new_site, slug="lake-fishers")
    auth.login(make_user("partner", organisation="lake-fishers").email)
    assert 'id="first-steps"' not in dashboard(client)


def test_an_admin_hides_the_steps_for_everyone(client, admin, auth, make_user):
    token = csrf_token_from(client.get("/manage/"))
    response = client.post("/manage/first-steps/dismiss", data={"csrf_token": token})

    assert response.status_code == 303
    assert 'id="first-steps"' not in dashboard(client)
    auth.logout()
    auth.login(make_user("editor").email)
    assert 'id="first-steps"' not in dashboard(client)
    with client.application.app_context():
        assert db.session.scalar(
            select(func.count()).where(AuditEvent.action == "first_steps_dismissed")
        )


def test_hiding_the_steps_needs_the_form_token(client, admin):
    assert client.post("/manage/first-steps/dismiss").status_code == 400
    assert 'id="first-steps"' in dashboard(client)


def test_an_editor_may_not_hide_the_steps(new_site, client, auth, make_user):
    auth.login(make_user("editor").email)
    token = csrf_token_from(client.get("/manage/"))
    response = client.post("/manage/first-steps/dismiss", data={"csrf_token": token})

    assert response.status_code == 403
    assert 'id="first-steps"' in dashboard(client)


def test_every_step_is_asked_in_one_statement(new_site, make_user):
    make_partner(new_site)
    make_user("editor")
    with new_site.test_request_context():
        site_settings()  # read by every page already
        with counted(new_site) as statements:
            checklist = current_checklist()
    assert checklist is not None and checklist.done == 1
    assert len(statements) == 1
