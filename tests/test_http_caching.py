"""Anonymous readers' pages may be kept by browsers and proxies and revalidated with their
ETag; nothing that belongs to one person is ever kept."""

import pytest

from app.site.services import save_settings


def test_a_second_visit_to_an_unchanged_page_answers_304_without_the_page(client):
    first = client.get("/")
    assert first.status_code == 200
    assert first.headers["Cache-Control"] == "public, max-age=60"
    assert "Cookie" in first.headers["Vary"]
    etag = first.headers["ETag"]

    again = client.get("/", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == etag


def test_a_changed_page_is_sent_again_with_a_new_etag(app, client):
    etag = client.get("/").headers["ETag"]
    with app.test_request_context():
        save_settings({"name": "Mekong Water Partnership"})

    changed = client.get("/", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert "Mekong Water Partnership" in changed.get_data(as_text=True)
    assert changed.headers["ETag"] != etag


@pytest.mark.parametrize("app_config", [{"PUBLIC_MAX_AGE": 300}])
def test_how_long_a_copy_may_be_shown_is_a_setting(client):
    assert client.get("/").headers["Cache-Control"] == "public, max-age=300"


def test_a_signed_in_person_gets_no_copy_and_no_304(client, auth, make_user):
    etag = client.get("/").headers["ETag"]
    make_user("editor", email="ed@example.org")
    auth.login("ed@example.org")

    response = client.get("/", headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert "ETag" not in response.headers


def test_a_page_with_a_csrf_token_is_private(client):
    response = client.get("/login")
    assert 'name="csrf_token"' in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "private, no-store"
    assert "ETag" not in response.headers


def test_a_page_showing_a_flashed_message_is_private(app, client):
    @app.route("/flash-then-home")
    def flash_then_home():
        from flask import flash, redirect

        flash("Thank you.")
        return redirect("/")

    home = client.get("/flash-then-home", follow_redirects=True)
    assert "Thank you." in home.get_data(as_text=True)
    assert home.headers["Cache-Control"] == "private, no-store"
    # Shown once: the next visit is an ordinary public page again.
    assert client.get("/").headers["Cache-Control"] == "public, max-age=60"


def test_the_coordinators_area_is_never_public(client):
    response = client.get("/manage/")
    assert "public" not in response.headers.get("Cache-Control", "")
    assert "ETag" not in response.headers


def test_an_answer_to_a_post_is_not_public(client):
    response = client.post("/logout")
    assert "public" not in response.headers.get("Cache-Control", "")
    assert "ETag" not in response.headers
