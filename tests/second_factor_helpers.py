"""Setting up and using a second factor through the pages, as a person would."""

import html
import re
import time

import pyotp

from tests.conftest import PASSWORD, csrf_token_from

SETUP_URL = "/manage/account/second-factor/"
STEP_URL = "/login/second-step"


def text_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def post_form(client, url, data, page=None):
    """POST ``data`` to ``url`` with the CSRF token of the form on ``page`` (default: url)."""
    token = csrf_token_from(client.get(page or url))
    return client.post(url, data={"csrf_token": token, **data})


def code_for(secret: str, steps_ahead: int = 0) -> str:
    """The app's code ``steps_ahead`` 30-second steps from now (the previous and next one
    are accepted too; a later one is never a replay of an earlier one)."""
    return pyotp.TOTP(secret).at(time.time() + 30 * steps_ahead)


def secret_on(response) -> str:
    match = re.search(
        r'<code class="secret-key" id="secret-key">([A-Z2-7 ]+)</code>', text_of(response)
    )
    assert match, "the setup page shows no key to type"
    return match.group(1).replace(" ", "")


def recovery_codes_on(response) -> list[str]:
    return re.findall(r"<li><code>([a-z0-9]{5}-[a-z0-9]{5})</code></li>", text_of(response))


def set_up(client, auth, email) -> tuple[str, list[str]]:
    """Sign in as ``email``, set up the second factor with the current code, sign out.

    :returns: the secret and the recovery codes, as the pages showed them.
    """
    auth.login(email)
    start = post_form(client, SETUP_URL + "start", {}, page="/manage/account/")
    assert start.status_code == 303
    secret = secret_on(client.get(SETUP_URL))
    done = post_form(client, SETUP_URL, {"code": code_for(secret)})
    assert done.status_code == 200, text_of(done)
    codes = recovery_codes_on(done)
    auth.logout()
    return secret, codes


def sign_in_with(client, auth, email, code, password=PASSWORD, **extra):
    """Give the password, then ``code`` at the second step; the second step's response."""
    first = auth.login(email, password, **extra)
    assert first.status_code == 303 and first.location.startswith(STEP_URL), first.location
    return post_form(client, STEP_URL, {"code": code}, page=first.location)


def signed_in(client) -> bool:
    return client.get("/manage/account/").status_code == 200
