"""Signing in with a second factor: the step after the password, and what it refuses."""

import html
import re

import pytest

from tests.conftest import csrf_token_from
from tests.editing_helpers import edit_form, new_page
from tests.second_factor_helpers import (
    STEP_URL,
    code_for,
    post_form,
    set_up,
    sign_in_with,
    signed_in,
    text_of,
)


def resume_field(page) -> str:
    match = re.search(r'name="resume" type="hidden" value="([^"]*)"', page.get_data(as_text=True))
    assert match, "the sign-in page carries no text to finish saving"
    return html.unescape(match.group(1))


@pytest.fixture
def editor(make_user):
    return make_user("editor")


def test_the_password_alone_no_longer_signs_in(client, auth, editor):
    secret, _codes = set_up(client, auth, editor.email)

    first = auth.login(editor.email)

    assert first.status_code == 303 and first.location.startswith(STEP_URL)
    # Going straight to /manage does not skip the step: it asks for the password again.
    manage = client.get("/manage/")
    assert manage.status_code == 303 and manage.location.startswith("/login")
    assert not signed_in(client)
    step = client.get(first.location)
    assert "Code from your authenticator app" in text_of(step)

    done = post_form(client, STEP_URL, {"code": code_for(secret, 1)})

    assert done.status_code == 303
    assert "Signed in as" in text_of(client.get("/"))
    assert client.get("/manage/").status_code == 200


def test_a_wrong_code_is_explained_beside_the_field(client, auth, editor):
    secret, _codes = set_up(client, auth, editor.email)
    wrong = str((int(code_for(secret, 1)) + 1) % 1_000_000).zfill(6)

    response = sign_in_with(client, auth, editor.email, wrong)

    assert response.status_code == 422
    assert "This code is not right." in text_of(response)
    assert 'aria-invalid="true"' in text_of(response)
    assert not signed_in(client)


def test_a_code_cannot_be_used_twice(client, auth, editor):
    secret, _codes = set_up(client, auth, editor.email)
    code = code_for(secret, 1)
    assert sign_in_with(client, auth, editor.email, code).status_code == 303
    auth.logout()

    # Someone who saw the code (over a shoulder, in a phishing page) and knows the password.
    again = sign_in_with(client, auth, editor.email, code)

    assert again.status_code == 422
    assert "This code was used already." in text_of(again)
    assert not signed_in(client)


@pytest.mark.parametrize("app_config", [{"SECOND_FACTOR_PENDING_SECONDS": 0}])
def test_the_step_after_the_password_expires(client, auth, editor):
    secret, _codes = set_up(client, auth, editor.email)

    assert auth.login(editor.email).status_code == 303

    response = post_form(client, STEP_URL, {"code": code_for(secret, 1)}, page="/login")

    assert response.status_code == 303 and response.location.startswith("/login")
    assert "Signing in took too long." in text_of(client.get(response.location))
    assert not signed_in(client)


def test_the_step_after_the_password_belongs_to_that_browser(app, client, auth, editor):
    secret, _codes = set_up(client, auth, editor.email)
    assert auth.login(editor.email).status_code == 303
    other_browser = app.test_client()

    response = post_form(other_browser, STEP_URL, {"code": code_for(secret, 1)}, page="/login")

    assert response.status_code == 303 and response.location.startswith("/login")
    assert not signed_in(other_browser)


@pytest.mark.parametrize("app_config", [{"SECOND_FACTOR_FREE_ATTEMPTS": 2}])
def test_wrong_codes_make_the_account_wait(client, auth, editor):
    secret, _codes = set_up(client, auth, editor.email)
    for _attempt in range(3):
        assert sign_in_with(client, auth, editor.email, "000000").status_code == 422

    # Not even the right code is checked now, and the password again does not help.
    response = sign_in_with(client, auth, editor.email, code_for(secret, 1))

    assert response.status_code == 422
    assert "Too many wrong codes. Wait" in text_of(response)
    assert not signed_in(client)


def test_keep_me_signed_in_only_after_the_second_step(client, auth, editor):
    secret, _codes = set_up(client, auth, editor.email)

    first = auth.login(editor.email, remember="y")
    assert "remember_token" not in str(first.headers.getlist("Set-Cookie"))
    done = post_form(client, STEP_URL, {"code": code_for(secret, 1)}, page=first.location)

    assert done.status_code == 303
    assert "remember_token" in str(done.headers.getlist("Set-Cookie"))


def test_a_recovery_code_signs_in_once(client, auth, editor):
    _secret, codes = set_up(client, auth, editor.email)
    assert len(codes) == 10

    response = sign_in_with(client, auth, editor.email, codes[0].upper())

    assert response.status_code == 303
    assert "You used a recovery code; 9 are left." in text_of(client.get("/"))
    auth.logout()
    again = sign_in_with(client, auth, editor.email, codes[0])
    assert again.status_code == 422
    assert not signed_in(client)
    assert sign_in_with(client, auth, editor.email, codes[1]).status_code == 303


@pytest.mark.parametrize(
    "app_config", [{"SECOND_FACTOR_RECOVERY_CODES": 3, "SECOND_FACTOR_RECOVERY_WARN_AT": 2}]
)
def test_few_recovery_codes_left_are_warned_about(client, auth, editor):
    _secret, codes = set_up(client, auth, editor.email)

    sign_in_with(client, auth, editor.email, codes[0])

    assert "Make new ones in My account." in text_of(client.get("/"))
    assert "You have few recovery codes left." in text_of(client.get("/manage/account/"))


def test_an_interrupted_save_keeps_its_text_through_the_second_step(client, auth, editor):
    # The edit form was opened before the second factor was set up; the session then ended.
    auth.login(editor.email)
    page_id = new_page(client, title="Annual plan", body="old")
    form = edit_form(client, page_id)
    auth.logout()
    secret, _codes = set_up(client, auth, editor.email)
    url = f"/manage/page/{page_id}/edit"
    client.delete_cookie("session")
    login_page = client.post(url, data={**form, "body": "Notes that must not be lost"})
    resume = resume_field(login_page)

    step = auth.login(editor.email, next=url, resume=resume)
    assert step.status_code == 200
    # Sent from the step page itself, with the token that page carries.
    done = client.post(
        STEP_URL,
        data={"csrf_token": csrf_token_from(step), "code": code_for(secret, 1),
              "next": url, "resume": resume},
    )  # fmt: skip

    assert done.status_code == 200
    assert "Notes that must not be lost" in text_of(done)
    assert "Save my changes" in text_of(done)
    assert signed_in(client)
