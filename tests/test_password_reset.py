"""Forgot your password? A link by mail sets a new one, without saying who has an account.

Mail goes through the real queue (``run_queued_jobs``) to a real SMTP server.
"""

import html

import pytest

from tests.conftest import AuthActions
from tests.editing_helpers import signed_in_client
from tests.jobs_helpers import run_queued_jobs
from tests.link_helpers import link_in, post_form, set_password
from tests.mail_helpers import mail_config
from tests.second_factor_helpers import STEP_URL, set_up

FORGOT = "/login/forgot"
NEW_PASSWORD = "a brand new passphrase"


@pytest.fixture
def app_config(smtp_server):
    return mail_config(smtp_server)


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def ask_for_link(client, email):
    return post_form(client, FORGOT, {"email": email})


def test_the_sign_in_page_offers_a_new_password(client):
    assert f'href="{FORGOT}"' in text(client.get("/login"))


def test_known_and_unknown_addresses_get_the_same_answer_and_only_one_mail(
    app, make_user, smtp_server
):
    make_user("editor", email="ed@example.org")
    known = ask_for_link(app.test_client(), "ed@example.org")
    unknown = ask_for_link(app.test_client(), "nobody@example.org")
    assert known.status_code == unknown.status_code == 200
    assert text(known).replace("ed@example.org", "ADDRESS") == text(unknown).replace(
        "nobody@example.org", "ADDRESS"
    )
    assert "If an account uses the address" in text(known)

    run_queued_jobs(app)
    assert [mail["To"] for mail in smtp_server.wait_for(1)] == ["ed@example.org"]
    assert len(smtp_server.messages) == 1


def test_the_link_sets_a_new_password_ends_every_session_and_works_once(
    app, make_user, smtp_server
):
    user = make_user("editor", email="ed@example.org")
    elsewhere = signed_in_client(app, user)
    ask_for_link(app.test_client(), "ed@example.org")
    run_queued_jobs(app)
    path = link_in(smtp_server.wait_for(1)[0], "reset")

    person = app.test_client()
    assert "ed@example.org" in text(person.get(path))
    response = set_password(person, path, NEW_PASSWORD)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/login")

    assert elsewhere.get("/manage/").status_code == 303  # signed out there
    assert AuthActions(app.test_client()).login("ed@example.org").status_code == 422
    assert AuthActions(app.test_client()).login("ed@example.org", NEW_PASSWORD).status_code == 303

    data = {"password": "yet another passphrase", "repeat_password": "yet another passphrase"}
    again = post_form(app.test_client(), path, data, page="/login")
    assert again.status_code == 410
    assert "Forgot your password?" in text(again)
    admin = signed_in_client(app, make_user("admin", email="boss@example.org"))
    assert "password reset by link" in text(admin.get(f"/manage/users/{user.id}/"))


def test_a_reset_keeps_the_second_factor(app, make_user, client, auth, smtp_server):
    make_user("editor", email="ed@example.org")
    set_up(client, auth, "ed@example.org")
    ask_for_link(app.test_client(), "ed@example.org")
    run_queued_jobs(app)
    path = link_in(smtp_server.wait_for(1)[0], "reset")
    set_password(app.test_client(), path, NEW_PASSWORD)

    response = AuthActions(app.test_client()).login("ed@example.org", NEW_PASSWORD)
    assert response.status_code == 303
    assert response.headers["Location"].startswith(STEP_URL)


@pytest.mark.parametrize("email", ["ed@example.org", "nobody@example.org"])
def test_repeated_requests_for_one_address_must_wait_alike(app, make_user, smtp_server, email):
    make_user("editor", email="ed@example.org")
    free = app.config["PASSWORD_RESET_FREE_PER_ACCOUNT"]
    for _ in range(free):
        assert ask_for_link(app.test_client(), email).status_code == 200
    refused = ask_for_link(app.test_client(), email)
    assert refused.status_code == 429
    assert "Too many requests." in text(refused)
    assert int(refused.headers["Retry-After"]) > 0


def test_an_unknown_link_says_how_to_get_a_new_one(client):
    response = client.get("/login/reset/not-a-real-token")
    assert response.status_code == 404
    assert f'href="{FORGOT}"' in text(response)
