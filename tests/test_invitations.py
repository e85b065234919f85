"""An administrator invites a person by mail; the person chooses a password and is in.

Mail goes through the real queue (``run_queued_jobs``) to a real SMTP server.
"""

import html
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from app.accounts.link_models import OneTimeLink
from app.accounts.models import Role, User, utcnow
from app.extensions import db
from tests.conftest import AuthActions
from tests.editing_helpers import signed_in_client
from tests.jobs_helpers import run_queued_jobs
from tests.link_helpers import link_in, post_form, set_password, text_of_mail
from tests.mail_helpers import mail_config
from tests.partners_helpers import make_partner

NEW_PASSWORD = "kingfisher river 42"


@pytest.fixture
def app_config(smtp_server):
    return mail_config(smtp_server)


@pytest.fixture
def admin(app, make_user):
    return signed_in_client(app, make_user("admin", email="boss@example.org"))


def invite(admin, email="new@example.org", role="editor", organisation="", language="en"):
    data = {"invite-email": email, "invite-name": "Lan", "invite-role": role,
            "invite-organisation": organisation, "invite-language": language}  # fmt: skip
    return post_form(admin, "/manage/users/invite", data, page="/manage/users/")


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def user_by_email(app, email) -> User | None:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        if user is not None:
            db.session.expunge(user)
        return user


def test_an_invited_person_chooses_a_password_and_is_signed_in(app, admin, smtp_server):
    assert invite(admin).status_code == 303
    assert "Invited" in text(admin.get("/manage/users/"))
    run_queued_jobs(app)
    [mail] = smtp_server.wait_for(1)
    assert mail["To"] == "new@example.org"
    assert "boss@example.org invited you" in text_of_mail(mail)

    # No password signs in to an invited account before it has one.
    refused = AuthActions(app.test_client()).login("new@example.org", "anything at all")
    assert refused.status_code == 422
    assert "Email or password is incorrect." in text(refused)

    person = app.test_client()
    path = link_in(mail, "invitation")
    assert "new@example.org" in text(person.get(path))
    response = set_password(person, path, NEW_PASSWORD)
    assert response.status_code == 303
    assert "new@example.org" in text(person.get("/manage/", follow_redirects=True))
    assert "Active" in text(admin.get("/manage/users/"))
    # The password they chose is theirs from now on.
    assert AuthActions(app.test_client()).login("new@example.org", NEW_PASSWORD).status_code == 303


def test_a_weak_password_is_refused_beside_the_field_and_the_link_still_works(
    app, admin, smtp_server
):
    invite(admin)
    run_queued_jobs(app)
    path = link_in(smtp_server.wait_for(1)[0], "invitation")
    person = app.test_client()
    response = set_password(person, path, "password")
    assert response.status_code == 422
    assert 'id="password-error">This password is one of the most common ones.' in text(response)
    assert set_password(person, path, NEW_PASSWORD).status_code == 303


def test_a_partner_contact_invited_from_the_partner_page_speaks_for_it(app, admin, smtp_server):
    partner_id = make_partner(app, name="River Trust", slug="river-trust")
    edit_page = text(admin.get(f"/manage/partner/{partner_id}/edit"))
    assert "Invite a contact" in edit_page
    response = post_form(
        admin,
        f"/manage/partner/{partner_id}/invite",
        {"contact-email": "focal@river.example", "contact-name": "Mai", "contact-language": "en"},
        page=f"/manage/partner/{partner_id}/invite",
    )
    assert response.status_code == 303
    run_queued_jobs(app)
    path = link_in(smtp_server.wait_for(1)[0], "invitation")
    contact = app.test_client()
    assert set_password(contact, path, NEW_PASSWORD).status_code == 303

    user = user_by_email(app, "focal@river.example")
    assert user.role is Role.PARTNER and user.organisation_slug == "river-trust"
    assert contact.get(f"/manage/partner/{partner_id}/edit").status_code == 200
    assert "focal@river.example" in text(admin.get(f"/manage/partner/{partner_id}/edit"))


def test_a_contact_with_a_bad_address_keeps_the_form_and_sees_why(app, admin):
    partner_id = make_partner(app)
    url = f"/manage/partner/{partner_id}/invite"
    data = {"contact-email": "boss@example.org", "contact-name": "Kept name",
            "contact-language": "en"}  # fmt: skip
    response = post_form(admin, url, data)
    assert response.status_code == 422
    assert 'id="contact-email-error">A user with this email already exists.' in text(response)
    assert 'value="Kept name"' in text(response)


def test_a_used_link_is_refused_with_what_to_do_next(app, admin, smtp_server):
    invite(admin)
    run_queued_jobs(app)
    path = link_in(smtp_server.wait_for(1)[0], "invitation")
    set_password(app.test_client(), path, NEW_PASSWORD)

    again = app.test_client().get(path)
    assert again.status_code == 410
    assert "already used" in text(again)
    assert "Sign in" in text(again)


def test_an_expired_link_is_refused_and_sets_nothing(app, admin, smtp_server):
    invite(admin)
    run_queued_jobs(app)
    path = link_in(smtp_server.wait_for(1)[0], "invitation")
    with app.app_context():
        db.session.execute(update(OneTimeLink).values(expires_at=utcnow() - timedelta(minutes=1)))
        db.session.commit()
    person = app.test_client()
    response = person.get(path)
    assert response.status_code == 410
    assert "expired" in text(response)
    assert "send the invitation again" in text(response)
    assert user_by_email(app, "new@example.org").is_invited


def test_send_again_mails_a_new_link_and_the_first_stops_working(app, admin, smtp_server):
    invite(admin, language="fr")
    run_queued_jobs(app)
    first = link_in(smtp_server.wait_for(1)[0], "invitation")
    user = user_by_email(app, "new@example.org")
    response = post_form(admin, f"/manage/users/{user.id}/invitation/again", {},
                         page="/manage/users/")  # fmt: skip
    assert response.status_code == 303
    run_queued_jobs(app)
    second_mail = smtp_server.wait_for(2)[1]
    second = link_in(second_mail, "invitation")
    assert second != first
    # In the language the first invitation was written in.
    assert second_mail["Content-Language"] == "fr"
    assert "Choisissez votre mot de passe" in text_of_mail(second_mail)
    # The page the link opens speaks the invitation's language too.
    assert "Bienvenue" in text(app.test_client().get(second))
    html_part = second_mail.get_body(("html",)).get_content()
    assert f'href="http://localhost{second}"' in html_part

    assert app.test_client().get(first).status_code == 410
    assert set_password(app.test_client(), second, NEW_PASSWORD).status_code == 303


def test_cancel_removes_the_invited_account_and_its_link(app, admin, smtp_server):
    invite(admin)
    run_queued_jobs(app)
    path = link_in(smtp_server.wait_for(1)[0], "invitation")
    user = user_by_email(app, "new@example.org")
    response = post_form(admin, f"/manage/users/{user.id}/invitation/cancel", {},
                         page="/manage/users/")  # fmt: skip
    assert response.status_code == 303
    assert user_by_email(app, "new@example.org") is None
    users_table = text(admin.get("/manage/users/")).partition("<table")[2].partition("</table>")[0]
    assert users_table and "new@example.org" not in users_table
    assert app.test_client().get(path).status_code == 404
    assert "invitation cancelled" in text(admin.get("/manage/audit/"))


def test_an_invitee_whose_role_needs_a_second_factor_sets_it_up_first(app, admin, smtp_server):
    from app.accounts.second_factor import REQUIRED_SETTING
    from app.site.services import save_settings

    invite(admin)
    with app.app_context():
        save_settings({REQUIRED_SETTING: "1"})
    run_queued_jobs(app)
    person = app.test_client()
    set_password(person, link_in(smtp_server.wait_for(1)[0], "invitation"), NEW_PASSWORD)
    response = person.get("/manage/")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/manage/account/second-factor/")
