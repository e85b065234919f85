"""A user's own sessions at /manage/account/: listed, ended one by one or all but this one;
and every way of ending sessions keeps ending them."""

import re
from datetime import timedelta

from sqlalchemy import select

from app.accounts.models import SignInSession, User, utcnow
from app.audit.services import recent_events
from app.extensions import db
from tests.conftest import PASSWORD, csrf_token_from

ACCOUNT = "/manage/account/"
FIREFOX_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)


def browser(app, email, user_agent=FIREFOX_WINDOWS, address="192.0.2.10", **extra):
    """A client signed in as ``email`` with this User-Agent, from this address."""
    client = app.test_client()
    client.environ_base.update(HTTP_USER_AGENT=user_agent, REMOTE_ADDR=address)
    token = csrf_token_from(client.get("/login"))
    data = {"email": email, "password": PASSWORD, "csrf_token": token, **extra}
    assert client.post("/login", data=data).status_code == 303
    return client


def signed_in(client) -> bool:
    return "Sign out" in client.get("/").get_data(as_text=True)


def post(client, url, **data):
    token = csrf_token_from(client.get(ACCOUNT))
    return client.post(url, data={"csrf_token": token, **data})


def session_rows(page) -> list[str]:
    body = page.get_data(as_text=True)
    start = body.index('class="sessions"')
    table = body[start : body.index("</table>", start)]
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
            for row in re.findall(r"<tr[ >].*?</tr>", table, re.S)[1:]]  # fmt: skip


def end_urls(page) -> list[str]:
    return re.findall(r'action="(/manage/account/sessions/\d+/end)"', page.get_data(as_text=True))


def test_a_user_sees_each_session_with_browser_address_and_this_device(app, make_user):
    make_user("editor", email="ed@example.org")
    laptop = browser(app, "ed@example.org", FIREFOX_WINDOWS, "192.0.2.10")
    browser(app, "ed@example.org", SAFARI_IPHONE, "2001:db8::7", remember="y")

    rows = session_rows(laptop.get(ACCOUNT))

    assert len(rows) == 2
    phone, here = sorted(rows, key=lambda row: "This device" in row)
    assert "Safari on iOS (kept signed in)" in phone and "2001:db8::7" in phone
    assert "End this session" in phone
    assert "Firefox on Windows" in here and "192.0.2.10" in here and "This device" in here
    assert re.search(r"\d{4}", here)  # when it began and was last seen


def test_ending_another_session_signs_that_browser_out(app, make_user):
    make_user("editor", email="ed@example.org")
    laptop = browser(app, "ed@example.org")
    phone = browser(app, "ed@example.org", SAFARI_IPHONE, remember="y")
    [url] = end_urls(laptop.get(ACCOUNT))

    response = post(laptop, url)

    assert response.status_code == 303 and response.headers["Location"] == ACCOUNT
    page = laptop.get(ACCOUNT)
    assert "That session is ended." in page.get_data(as_text=True)
    assert len(session_rows(page)) == 1
    # Neither its session cookie nor its remember-me cookie brings it back.
    assert not signed_in(phone)
    phone.delete_cookie("session")
    assert not signed_in(phone)
    assert phone.get(ACCOUNT).status_code == 303
    with app.app_context():
        assert [e.action for e in recent_events()][0] == "session_ended"


def test_nobody_can_end_another_users_session(app, make_user):
    make_user("editor", email="ed@example.org")
    make_user("editor", email="eve@example.org")
    ed = browser(app, "ed@example.org")
    eve = browser(app, "eve@example.org")
    with app.app_context():
        ed_session = db.session.scalar(
            select(SignInSession.id).join(User).where(User.email == "ed@example.org")
        )
    assert post(eve, f"/manage/account/sessions/{ed_session}/end").status_code == 404
    assert signed_in(ed)


def test_signing_out_everywhere_else_keeps_this_session(app, make_user):
    make_user("editor", email="ed@example.org")
    laptop = browser(app, "ed@example.org")
    others = [browser(app, "ed@example.org", SAFARI_IPHONE, remember="y") for _ in range(2)]

    response = post(laptop, "/manage/account/sessions/end-others")

    assert response.status_code == 303
    assert "Your other sessions are ended (2)." in laptop.get(ACCOUNT).get_data(as_text=True)
    assert signed_in(laptop)
    assert not any(signed_in(other) for other in others)
    assert len(session_rows(laptop.get(ACCOUNT))) == 1


def test_signing_out_ends_every_session_and_its_row(app, auth, make_user):
    make_user("editor", email="ed@example.org")
    phone = browser(app, "ed@example.org", SAFARI_IPHONE, remember="y")
    auth.login("ed@example.org")
    auth.logout()
    assert not signed_in(phone)
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(SignInSession)) == 0


def test_an_idle_session_expires_and_is_pruned(app, make_user):
    make_user("editor", email="ed@example.org")
    idle = browser(app, "ed@example.org")
    kept = browser(app, "ed@example.org", remember="y")
    with app.app_context():
        for row in db.session.scalars(select(SignInSession)):
            row.last_seen_at = utcnow() - timedelta(hours=13)
        db.session.commit()
    assert not signed_in(idle)
    assert signed_in(kept)  # "keep me signed in" lasts longer than a working day
    browser(app, "ed@example.org")
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(SignInSession)) == 2
