"""A coordinator chooses the language of /manage in their account; the browser's
Accept-Language decides while they have not."""

import re

from sqlalchemy import select

from app.accounts.models import User
from app.extensions import db
from tests.conftest import csrf_token_from
from tests.editing_helpers import signed_in_client

ACCOUNT = "/manage/account/"


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.get_data(as_text=True)).group(1)


def stored_language(app, email):
    with app.app_context():
        return db.session.scalar(select(User.language).where(User.email == email))


def choose(client, language):
    token = csrf_token_from(client.get(ACCOUNT))
    return client.post(ACCOUNT, data={"language": language, "csrf_token": token})


def test_the_chosen_language_wins_over_the_browser(app, make_user):
    user = make_user("editor")
    editor = signed_in_client(app, user)
    editor.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es"
    assert html_lang(editor.get("/manage/")) == "es"

    response = choose(editor, "fr")

    assert response.status_code == 303 and response.headers["Location"] == ACCOUNT
    page = editor.get(ACCOUNT)
    assert html_lang(page) == "fr" and "Votre langue est enregistrée." in page.get_data(
        as_text=True
    )
    assert html_lang(editor.get("/manage/")) == "fr"
    assert stored_language(app, user.email) == "fr"
    # The public site keeps the language of its addresses.
    assert html_lang(editor.get("/guidelines/")) == "en"
    assert html_lang(editor.get("/ar/guidelines/")) == "ar"


def test_going_back_to_the_browser_language(app, make_user):
    user = make_user("partner", organisation="org-a")
    partner = signed_in_client(app, user)
    choose(partner, "ar")
    partner.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es"
    assert html_lang(partner.get("/manage/")) == "ar"

    assert choose(partner, "").status_code == 303

    assert stored_language(app, user.email) is None
    assert html_lang(partner.get("/manage/")) == "es"


def test_a_language_not_offered_is_refused_beside_the_field(app, make_user):
    user = make_user("admin")
    admin = signed_in_client(app, user)
    choose(admin, "es")

    response = choose(admin, "de")

    body = response.get_data(as_text=True)
    assert response.status_code == 422
    # Still in the language chosen before, with the message under the field.
    assert re.search(
        r'aria-invalid="true"[^>]*>.*?<p class="error" id="language-error">'
        r"Elija uno de los idiomas de la lista.</p>",
        body,
        re.S,
    )
    assert stored_language(app, user.email) == "es"


def test_a_choice_without_the_csrf_token_is_refused(app, make_user):
    user = make_user("editor")
    editor = signed_in_client(app, user)
    response = editor.post(ACCOUNT, data={"language": "fr"})
    assert response.status_code == 400
    assert stored_language(app, user.email) is None


def test_each_user_has_their_own_language(app, make_user):
    first, second = make_user("editor"), make_user("editor")
    choose(signed_in_client(app, first), "fr")
    other = signed_in_client(app, second)
    other.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    assert html_lang(other.get("/manage/")) == "en"
    assert stored_language(app, second.email) is None


def test_a_language_no_longer_offered_falls_back_to_the_browser(app, make_user):
    user = make_user("editor")
    editor = signed_in_client(app, user)
    choose(editor, "ar")
    app.config["LANGUAGES"] = ["en", "fr", "es"]
    editor.environ_base["HTTP_ACCEPT_LANGUAGE"] = "fr"
    assert html_lang(editor.get("/manage/")) == "fr"
