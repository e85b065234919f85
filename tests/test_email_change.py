"""Changing one's email address: asked with the password, done from the new address's
mail, told to the old address, and never saying whether an address is taken."""

import html

import pytest
from sqlalchemy import select

from app.accounts.models import User
from app.extensions import db
from tests.conftest import PASSWORD, AuthActions
from tests.editing_helpers import signed_in_client
from tests.jobs_helpers import run_queued_jobs
from tests.link_helpers import link_in, mails_to, post_form, text_of_mail
from tests.mail_helpers import mail_config

ACCOUNT = "/manage/account/"
CHANGE = "/manage/account/email"


@pytest.fixture
def app_config(smtp_server):
    return mail_config(smtp_server)


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def ask(client, new_email, password=PASSWORD):
    data = {"new_email": new_email, "email_password": password}
    return post_form(client, CHANGE, data, page=ACCOUNT)


def emails(app) -> set[str]:
    with app.app_context():
        return set(db.session.scalars(select(User.email)))


def test_the_address_changes_when_the_new_one_confirms(app, make_user, smtp_server):
    client = signed_in_client(app, make_user("editor", email="old@example.org"))
    response = ask(client, "new@example.org")
    assert response.status_code == 303
    assert "We have sent a link to new@example.org" in text(client.get(ACCOUNT))
    run_queued_jobs(app)
    [mail] = smtp_server.wait_for(1)
    assert mail["To"] == "new@example.org"
    assert emails(app) == {"old@example.org"}  # nothing changes before the link is opened

    path = link_in(mail, "email")
    assert "new@example.org" in text(client.get(path))
    assert emails(app) == {"old@example.org"}  # opening it only asks
    confirmed = post_form(client, path, {})
    assert confirmed.status_code == 303
    assert emails(app) == {"new@example.org"}

    run_queued_jobs(app)
    notice = mails_to(smtp_server.wait_for(2), "old@example.org")
    assert len(notice) == 1 and "no longer uses old@example.org" in text_of_mail(notice[0])
    assert AuthActions(app.test_client()).login("new@example.org").status_code == 303
    assert post_form(app.test_client(), path, {}, page="/login").status_code == 410


def test_a_wrong_password_is_refused_beside_the_field_and_sends_nothing(
    app, make_user, smtp_server
):
    client = signed_in_client(app, make_user("editor", email="old@example.org"))
    response = ask(client, "new@example.org", password="not my password")
    assert response.status_code == 422
    assert 'id="email_password-error">This is not your current password.' in text(response)
    assert 'value="new@example.org"' in text(response)
    assert run_queued_jobs(app) == 0
    assert smtp_server.messages == []


def test_a_taken_address_is_refused_only_when_the_link_is_opened(app, make_user, smtp_server):
    make_user("editor", email="taken@example.org")
    client = signed_in_client(app, make_user("editor", email="old@example.org"))
    response = ask(client, "taken@example.org")
    assert response.status_code == 303  # the same answer as for a free address
    assert "We have sent a link to taken@example.org" in text(client.get(ACCOUNT))
    run_queued_jobs(app)
    path = link_in(smtp_server.wait_for(1)[0], "email")

    refused = post_form(client, path, {})
    assert refused.status_code == 409
    assert "This address cannot be used for your account. Nothing was changed." in text(refused)
    assert emails(app) == {"taken@example.org", "old@example.org"}
    assert post_form(client, path, {}, page="/login").status_code == 410
