"""Property tests over the sign-in form: whatever is typed, never a 500; always the form
back with a message, the typed email kept and the password not echoed."""

import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markupsafe import escape

from tests.conftest import csrf_token_from


@pytest.fixture
def app_config():
    # Sign-in waits have their own tests; here they would only get in the way.
    return {"RATELIMIT_ENABLED": False}


# Characters that have broken sign-in forms before: NUL (which PostgreSQL refuses in a
# query), line breaks, bidirectional overrides, quotes and markup.
AWKWARD = ["\x00", "\r\n", "\n", "\t", "\u202e", "\ufeff", "'", '"', "<", ">", "&", "@", " "]
awkward_text = st.lists(st.one_of(st.sampled_from(AWKWARD), st.text(max_size=8)), max_size=12).map(
    "".join
)
# Emails shaped like emails, awkward text, and any text at all.
emails = st.one_of(st.emails(), awkward_text, st.text(max_size=300), st.just("ed@example.org"))
passwords = st.one_of(awkward_text, st.text(max_size=200), st.text(min_size=1000, max_size=1100))
others = st.one_of(st.none(), st.text(max_size=50))


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(email=emails, password=passwords, remember=others, next_=others)
@example(email="ed@example.org\x00", password="x", remember=None, next_=None)
def test_any_input_gets_the_form_back_with_a_message(
    client, make_user, email, password, remember, next_
):
    if not hasattr(client, "token"):
        make_user("editor", email="ed@example.org")
        client.token = csrf_token_from(client.get("/login"))
    data = {"email": email, "password": password, "csrf_token": client.token}
    if remember is not None:
        data["remember"] = remember
    if next_ is not None:
        data["next"] = next_
    response = client.post("/login", data=data)

    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert 'class="error"' in body  # a message next to a field
    assert str(escape(email)) in body  # the typed email, kept and escaped
    password_input = re.search(r'<input[^>]*name="password"[^>]*>', body).group(0)
    assert re.search(r'value="[^"]', password_input) is None  # the password is never sent back
