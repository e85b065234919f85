"""Setting up, renewing, turning off and resetting a second factor; the site's rule."""

import pytest
from sqlalchemy import text

from app.extensions import db
from tests.conftest import PASSWORD
from tests.second_factor_helpers import (
    SETUP_URL,
    code_for,
    post_form,
    recovery_codes_on,
    secret_on,
    set_up,
    sign_in_with,
    text_of,
)


@pytest.fixture
def editor(make_user):
    return make_user("editor")


def user_page(client, user) -> str:
    return text_of(client.get(f"/manage/users/{user.id}/"))


def test_setup_takes_effect_only_after_a_right_code(app, client, auth, editor):
    auth.login(editor.email)
    post_form(client, SETUP_URL + "start", {}, page="/manage/account/")
    page = client.get(SETUP_URL)
    secret = secret_on(page)
    assert 'src="data:image/svg+xml;' in text_of(page)  # the QR code, drawn here

    wrong = post_form(
        client, SETUP_URL, {"code": "123456" if code_for(secret) != "123456" else "654321"}
    )

    assert wrong.status_code == 422
    assert "This code is not right." in text_of(wrong)
    assert secret_on(wrong) == secret  # the same key, to try again
    auth.logout()
    assert auth.login(editor.email).location == "/manage/"  # the password alone, as before

    done = post_form(client, SETUP_URL, {"code": code_for(secret)})

    assert done.status_code == 200
    codes = recovery_codes_on(done)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert "shown only now" in text_of(done)
    assert "10 recovery codes left." in text_of(client.get("/manage/account/"))
    # Only the setup page's response ever shows them.
    assert codes[0] not in text_of(client.get(SETUP_URL))
    with app.app_context():
        stored = " ".join(db.session.execute(text("SELECT secret FROM second_factor")).scalars())
        hashes = " ".join(db.session.execute(text("SELECT code_hash FROM recovery_code")).scalars())
    assert secret not in stored  # encrypted at rest
    assert not any(code.replace("-", "") in hashes for code in codes)


def test_turning_it_off_needs_the_password_and_a_code(client, auth, editor):
    secret, codes = set_up(client, auth, editor.email)
    sign_in_with(client, auth, editor.email, code_for(secret, 1))
    off = SETUP_URL + "off"

    no_password = post_form(
        client, off, {"password": "not it", "off_code": code_for(secret, 1)}, page=SETUP_URL
    )
    no_code = post_form(client, off, {"password": PASSWORD, "off_code": "000000"}, page=SETUP_URL)

    assert no_password.status_code == 422
    assert "This is not your password." in text_of(no_password)
    assert no_code.status_code == 422
    assert "This code is not right." in text_of(no_code)
    assert "Turn off the second factor" in text_of(client.get(SETUP_URL))  # still on

    done = post_form(client, off, {"password": PASSWORD, "off_code": codes[0]}, page=SETUP_URL)

    assert done.status_code == 303
    assert "Your second factor is off" in text_of(client.get(done.location))
    auth.logout()
    assert auth.login(editor.email).location == "/manage/"


def test_new_recovery_codes_replace_the_old_ones(client, auth, editor):
    secret, old_codes = set_up(client, auth, editor.email)
    sign_in_with(client, auth, editor.email, old_codes[0])
    renew = SETUP_URL + "recovery-codes"

    refused = post_form(client, renew, {"renew_code": old_codes[1]}, page=SETUP_URL)
    assert refused.status_code == 422  # a code from the app, not a recovery code
    response = post_form(client, renew, {"renew_code": code_for(secret, 1)}, page=SETUP_URL)

    new_codes = recovery_codes_on(response)
    assert len(new_codes) == 10 and not set(new_codes) & set(old_codes)
    auth.logout()
    assert sign_in_with(client, auth, editor.email, old_codes[1]).status_code == 422
    assert sign_in_with(client, auth, editor.email, new_codes[0]).status_code == 303


def test_an_administrator_resets_a_lost_second_factor(client, auth, make_user, editor):
    admin = make_user("admin")
    _secret, codes = set_up(client, auth, editor.email)
    sign_in_with(client, auth, editor.email, codes[0])
    reset = f"/manage/users/{editor.id}/second-factor/reset"
    # Not even their own: only an administrator can.
    assert post_form(client, reset, {}, page="/manage/account/").status_code == 403
    auth.logout()

    auth.login(admin.email)
    page = user_page(client, editor)
    assert "Reset the second factor" in page
    response = post_form(client, reset, {}, page=f"/manage/users/{editor.id}/")

    assert response.status_code == 303
    page = user_page(client, editor)
    assert "second factor reset" in page and admin.email in page
    for label in ("second factor set up", "signed in with a recovery code"):
        assert label in page
    auth.logout()
    assert auth.login(editor.email).location == "/manage/"


@pytest.mark.parametrize("role", ["editor", "admin"])
def test_the_site_can_require_a_second_factor(client, auth, make_user, role):
    admin = make_user("admin")
    auth.login(admin.email)
    settings = {"name": "Coalition", "tagline": "", "about": "", "require_second_factor": "y"}
    assert post_form(client, "/manage/settings/", settings).status_code == 303
    auth.logout()
    user = make_user(role)
    auth.login(user.email)

    for path in ("/manage/", "/manage/account/", "/manage/trash/"):
        response = client.get(path)
        assert response.status_code == 303 and response.location == SETUP_URL, path
    assert "this site requires one" in text_of(client.get(SETUP_URL))
    post_form(client, SETUP_URL + "start", {}, page=SETUP_URL)
    secret = secret_on(client.get(SETUP_URL))
    assert post_form(client, SETUP_URL, {"code": code_for(secret)}).status_code == 200

    assert client.get("/manage/").status_code == 200


def test_partners_are_not_required_to_have_one(client, auth, make_user):
    admin = make_user("admin")
    auth.login(admin.email)
    settings = {"name": "Coalition", "tagline": "", "about": "", "require_second_factor": "y"}
    post_form(client, "/manage/settings/", settings)
    auth.logout()
    partner = make_user("partner", organisation="ngo")
    auth.login(partner.email)

    assert client.get("/manage/account/").status_code == 200
