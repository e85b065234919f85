"""The register of decisions and actions: filters with and without htmx, and what is overdue."""

from datetime import timedelta

import pytest

from app.transparency.dates import local_today
from tests.transparency_helpers import make_action, make_body, make_decision, make_meeting


@pytest.fixture
def register(app):
    """Two bodies, decisions in 2024 and 2025 in every state, actions of two owners."""
    with app.app_context():
        today = local_today()
        steering = make_body("Steering Committee", "steering-committee")
        assembly = make_body("General Assembly", "general-assembly")
        sc_2024 = make_meeting(steering, "2024-03-05", slug="sc")
        sc_2025 = make_meeting(steering, "2025-03-04", slug="sc")
        ga_2025 = make_meeting(assembly, "2025-05-15", slug="ga")
        old = make_decision(sc_2024, "SC-2024-01", "Adopt the work plan", "implemented")
        make_decision(sc_2024, "SC-2024-02", "Create a salinity group", "superseded")
        fees = make_decision(sc_2025, "SC-2025-01", "Set the membership fees", "in progress")
        make_decision(ga_2025, "GA-2025-01", "Admit three partners", "agreed",
                      votes_for=14, votes_against=0, votes_abstaining=1)  # fmt: skip
        make_decision(ga_2025, "GA-2025-02", "Unpublished idea", publish=False)
        make_action(old, "mrc-secretariat", today - timedelta(days=400), "done",
                    "Publish the work plan")  # fmt: skip
        make_action(fees, "mrc-secretariat", today - timedelta(days=3), "open",
                    "Invoice the members")  # fmt: skip
        make_action(fees, "can-tho-university", today - timedelta(days=1), "in progress",
                    "Collect the university's fee")  # fmt: skip
        make_action(fees, "can-tho-university", today, "open", "Thank the members")
        make_action(fees, "can-tho-university", today - timedelta(days=9), "cancelled",
                    "Send paper invoices")  # fmt: skip
        make_action(fees, "mrc-secretariat", None, "open", "Draft action", publish=False)


def page(client, query="", **headers) -> str:
    response = client.get(f"/decisions/{query}", headers=headers)
    assert response.status_code == 200
    assert "HX-Request" in response.headers["Vary"]
    return response.get_data(as_text=True)


def numbers(html: str) -> set[str]:
    return {n for n in ("SC-2024-01", "SC-2024-02", "SC-2025-01", "GA-2025-01", "GA-2025-02")
            if f'<span class="number">{n}</span>' in html}  # fmt: skip


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"SC-2024-01", "SC-2024-02", "SC-2025-01", "GA-2025-01"}),
        ("?body=general-assembly", {"GA-2025-01"}),
        ("?year=2024", {"SC-2024-01", "SC-2024-02"}),
        ("?state=superseded", {"SC-2024-02"}),
        ("?body=steering-committee&year=2025", {"SC-2025-01"}),
        ("?owner=can-tho-university", {"SC-2025-01"}),
        ("?action=done", {"SC-2024-01"}),
        ("?action=overdue", {"SC-2025-01"}),
        ("?year=2023", set()),
        ("?state=nonsense&year=abc&body=", {"SC-2024-01", "SC-2024-02", "SC-2025-01",
                                             "GA-2025-01"}),
    ],
)  # fmt: skip
def test_filters_without_javascript(client, register, query, expected):
    html = page(client, query)
    assert "<html" in html
    assert numbers(html) == expected


def test_an_owner_filter_shows_only_that_owners_actions(client, register):
    html = page(client, "?owner=can-tho-university")
    assert "Collect the university" in html
    assert "Invoice the members" not in html


def test_htmx_gets_only_the_register_and_the_address_keeps_the_filters(client, register):
    fragment = page(client, "?body=general-assembly", **{"HX-Request": "true"})
    assert fragment.lstrip().startswith('<div id="register">')
    assert "<html" not in fragment and "<form" not in fragment
    assert numbers(fragment) == {"GA-2025-01"}
    assert "For 14, against 0, abstaining 1" in fragment

    full = page(client, "?body=general-assembly", **{"HX-Request": "true", "HX-Boosted": "true"})
    assert "<html" in full and numbers(full) == {"GA-2025-01"}
    assert 'data-hx-push-url="true"' in full and 'data-hx-target="#register"' in full
    assert '<option value="general-assembly" selected>' in full


def test_overdue_actions_are_listed_first_with_how_late_they_are(client, register):
    html = page(client)
    overdue = html[html.index('id="overdue-heading"') : html.index("<h2>Decisions</h2>")]
    assert "Invoice the members" in overdue and "3 days late" in overdue
    assert "Collect the university" in overdue and "1 day late" in overdue
    # Due today, done, or cancelled: not overdue.
    for title in ("Thank the members", "Publish the work plan", "Send paper invoices"):
        assert title not in overdue
    assert "2 overdue" in html


def test_drafts_stay_out_of_the_register(client, register):
    html = page(client)
    assert "Unpublished idea" not in html and "Draft action" not in html


def test_a_partner_suggests_updates_to_its_own_actions_only(app, register, make_user):
    from tests.editing_helpers import signed_in_client

    partner = signed_in_client(app, make_user("partner", organisation="can-tho-university"))
    html = partner.get("/decisions/?owner=can-tho-university").get_data(as_text=True)
    assert html.count("Edit this page") == 3  # its three published actions, nothing else
    mine = page(partner, "?owner=mrc-secretariat")
    assert "Edit this page" not in mine
