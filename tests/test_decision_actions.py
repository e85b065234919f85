"""A decision's edit page lists the actions carrying it out and starts a new one for it."""

import re

import pytest
from sqlalchemy import select

from app.decisions.models import Action
from app.extensions import db
from tests.conftest import csrf_token_from
from tests.editing_helpers import form_fields, signed_in_client
from tests.partners_helpers import make_partner
from tests.transparency_helpers import make_action, make_body, make_decision, make_meeting


@pytest.fixture
def decisions(app):
    """Two decisions of one meeting; the first has an action."""
    with app.app_context():
        meeting = make_meeting(make_body(), "2025-03-04", slug="sc")
        fees = make_decision(meeting, "SC-2025-01", "Set the membership fees")
        plan = make_decision(meeting, "SC-2025-02", "Adopt the work plan")
        invoice = make_action(fees, "mrc-secretariat", title="Invoice the members")
    return {"fees": fees, "plan": plan, "invoice": invoice}


@pytest.fixture
def editor(app, make_user):
    return signed_in_client(app, make_user("editor"))


def selected_decision(page: str) -> str | None:
    select_html = re.search(r'<select[^>]*name="decision_id".*?</select>', page, re.S).group(0)
    match = re.search(
        r'<option selected value="([^"]*)"|<option value="([^"]*)" selected', select_html
    )
    return next((value for value in match.groups() if value), None) if match else None


def test_a_decision_lists_its_actions_with_links(decisions, editor):
    page = editor.get(f"/manage/decision/{decisions['fees']}/edit").get_data(as_text=True)

    actions = page[page.index('id="actions"') :]
    assert f'href="/manage/action/{decisions["invoice"]}/edit">Invoice the members</a>' in actions


def test_add_an_action_opens_the_form_with_the_decision_chosen(decisions, editor):
    page = editor.get(f"/manage/decision/{decisions['plan']}/edit").get_data(as_text=True)
    add = re.search(r'<a[^>]*href="([^"]+)"[^>]*>Add an action</a>', page)
    assert add, "no Add an action link"

    form_page = editor.get(add.group(1).replace("&amp;", "&")).get_data(as_text=True)

    assert selected_decision(form_page) == str(decisions["plan"])


def test_the_new_action_is_saved_against_the_chosen_decision(app, decisions, editor):
    make_partner(app, slug="delta-farmers")
    new = editor.get(f"/manage/action/new?decision_id={decisions['plan']}")
    data = {**form_fields(new), "decision_id": str(decisions["plan"]), "title": "Print it",
            "owner_slug": "delta-farmers", "state": "open"}  # fmt: skip

    response = editor.post("/manage/action/new", data=data)

    assert response.status_code == 303, response.get_data(as_text=True)
    with app.app_context():
        action = db.session.scalars(select(Action).where(Action.title == "Print it")).one()
        assert action.decision_id == decisions["plan"]


def test_a_decision_given_in_the_address_is_still_checked_when_sent(app, decisions, editor):
    make_partner(app, slug="delta-farmers")
    form_page = editor.get("/manage/action/new?decision_id=999999")
    assert selected_decision(form_page.get_data(as_text=True)) is None
    data = {**form_fields(form_page), "decision_id": "999999", "title": "Print it",
            "owner_slug": "delta-farmers", "state": "open"}  # fmt: skip

    response = editor.post("/manage/action/new", data=data)

    assert response.status_code == 422
    assert 'value="Print it"' in response.get_data(as_text=True)
    assert csrf_token_from(response)


def test_an_action_leads_back_to_its_decision_and_says_when_it_waits_for_it(app, decisions, editor):
    page = editor.get(f"/manage/action/{decisions['invoice']}/edit").get_data(as_text=True)
    section = page[page.index('id="decision"') :]
    assert (
        f'href="/manage/decision/{decisions["fees"]}/edit">SC-2025-01: Set the membership'
        in section
    )
    assert "once the decision is published too" not in section

    with app.app_context():
        draft = make_decision(
            make_meeting(make_body(slug="ga"), "2025-05-06", slug="ga"), "GA-2025-01", "Elect",
            publish=False,
        )  # fmt: skip
        action = make_action(draft, "mrc-secretariat", title="Count the votes")
    page = editor.get(f"/manage/action/{action}/edit").get_data(as_text=True)
    assert "The public sees this action once the decision is published too." in page
