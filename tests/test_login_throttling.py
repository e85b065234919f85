"""Sign-in throttling: a growing wait per address and per account, that a stranger cannot
turn into a lockout of the owner, counted alike by every worker."""

import secrets
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.accounts.devices import COOKIE_NAME
from app.accounts.models import SignInFailures
from app.audit.models import AuditEvent
from app.extensions import db
from tests.conftest import PASSWORD, csrf_token_from, make_app

# Small numbers: the behaviour is the same as with the defaults, in fewer requests.
DELAYS = {
    "LOGIN_DELAY_AFTER_ADDRESS": 4,
    "LOGIN_DELAY_AFTER_ACCOUNT": 3,
    "LOGIN_DELAY_AFTER_DEVICE": 3,
    "LOGIN_DELAY_SECONDS": 2,
    "LOGIN_DELAY_MAX_SECONDS": 600,
}


@pytest.fixture
def app_config():
    return DELAYS


WRONG = "wrong password"
ATTACKER = "203.0.113.66"


def attempt(client, email, password=WRONG, address="192.0.2.1", **headers):
    token = csrf_token_from(client.get("/login"))
    return client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": token},
        environ_base={"REMOTE_ADDR": address},
        headers=headers,
    )


def assert_throttled(response, email=None):
    assert response.status_code == 429
    body = response.get_data(as_text=True)
    assert "Too many attempts. Please wait" in body and 'class="error"' in body
    if email:
        assert f'value="{email}"' in body  # the form comes back with the email kept
    assert int(response.headers["Retry-After"]) > 0


def time_passes(app, seconds):
    """Move every failure count ``seconds`` into the past, as waiting would."""
    with app.app_context():
        for row in db.session.scalars(select(SignInFailures)):
            row.last_failure_at -= timedelta(seconds=seconds)
        db.session.commit()


def owner_browser(app, email):
    """A browser the owner has signed in with before (and signed out of)."""
    browser = app.test_client()
    assert attempt(browser, email, PASSWORD, address="198.51.100.20").status_code == 303
    assert browser.get_cookie(COOKIE_NAME, path="/login") is not None
    token = csrf_token_from(browser.get("/login"))
    assert browser.post("/logout", data={"csrf_token": token}).status_code == 303
    return browser


# Per address and per account ---------------------------------------------------------


def test_one_address_trying_many_accounts_is_throttled(client):
    for n in range(4):
        assert attempt(client, f"guess{n}@example.org").status_code == 422
    assert_throttled(attempt(client, "guess5@example.org"), "guess5@example.org")
    # Another reader behind another address is not affected.
    assert attempt(client, "guess6@example.org", address="192.0.2.2").status_code == 422


@pytest.mark.parametrize("email", ["ed@example.org", "nobody@example.org"])
def test_many_addresses_trying_one_account_are_throttled(client, make_user, email):
    make_user("editor", email="ed@example.org")
    for n in range(3):
        assert attempt(client, email, address=f"198.51.100.{n}").status_code == 422
    # Known and unknown accounts are throttled alike, so a 429 says nothing about existence.
    assert_throttled(attempt(client, email.upper(), address="198.51.100.9"))
    assert attempt(client, "other@example.org", address="198.51.100.9").status_code == 422


def test_an_ipv6_subscriber_cannot_start_afresh_with_each_address_of_their_64(client):
    for n in range(4):
        assert (
            attempt(client, f"g{n}@example.org", address=f"2001:db8:1:2::{n + 1}").status_code
            == 422
        )
    assert_throttled(attempt(client, "g9@example.org", address="2001:db8:1:2:ffff::9"))
    assert attempt(client, "g9@example.org", address="2001:db8:1:3::1").status_code == 422


def test_successful_sign_ins_do_not_count(client, auth, make_user):
    make_user("editor", email="ed@example.org")
    for _ in range(6):
        assert attempt(client, "ed@example.org", password=PASSWORD).status_code == 303
        auth.logout()


def test_behind_a_trusted_proxy_each_reader_is_counted_on_their_own(tmp_path, database_url):
    app = make_app(tmp_path, database_url, TRUSTED_PROXIES=1, LOGIN_DELAY_AFTER_ADDRESS=2)
    with app.app_context():
        db.create_all()
    client = app.test_client()
    for n in range(2):
        forwarded = {"X-Forwarded-For": "203.0.113.7"}
        assert attempt(client, f"a{n}@example.org", **forwarded).status_code == 422
    assert_throttled(attempt(client, "a3@example.org", **{"X-Forwarded-For": "203.0.113.7"}))
    # Same proxy address, another reader: not throttled.
    assert (
        attempt(client, "a4@example.org", **{"X-Forwarded-For": "203.0.113.8"}).status_code == 422
    )
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def test_throttling_can_be_switched_off(tmp_path):
    app = make_app(tmp_path, RATELIMIT_ENABLED=False, LOGIN_DELAY_AFTER_ADDRESS=1)
    with app.app_context():
        db.create_all()
    client = app.test_client()
    for n in range(3):
        assert attempt(client, f"x{n}@example.org").status_code == 422
    with app.app_context():
        db.engine.dispose()


# No lockout of the owner -------------------------------------------------------------


@pytest.mark.parametrize("owner_address", [ATTACKER, "198.51.100.20"], ids=["same-nat", "own"])
def test_a_stranger_guessing_cannot_lock_the_owner_out(app, client, make_user, owner_address):
    make_user("editor", email="ed@example.org")
    owner = owner_browser(app, "ed@example.org")

    answers = [attempt(client, "ed@example.org", address=ATTACKER).status_code for _ in range(11)]
    assert answers == [422] * 3 + [429] * 8
    # Many more, each one after waiting out the last delay: the attacker keeps being held.
    for _ in range(12):
        time_passes(app, 3600)
        assert attempt(client, "ed@example.org", address=ATTACKER).status_code == 422
        assert_throttled(attempt(client, "ed@example.org", address=ATTACKER))
    # A browser that never signed in as ed is held back too, even with the right password.
    assert_throttled(attempt(app.test_client(), "ed@example.org", PASSWORD, address="192.0.2.9"))

    # The owner, from the browser they used before, gets in straight away.
    response = attempt(owner, "ed@example.org", PASSWORD, address=owner_address)
    assert response.status_code == 303
    assert "Sign out" in owner.get("/").get_data(as_text=True)


def test_the_wait_grows_with_each_failure_up_to_a_maximum(app, client, make_user):
    app.config.update(LOGIN_DELAY_MAX_SECONDS=20)
    make_user("editor", email="ed@example.org")
    for _ in range(2):
        attempt(client, "ed@example.org", address=ATTACKER)
    waits = []
    for _ in range(6):
        time_passes(app, 3600)
        assert attempt(client, "ed@example.org", address=ATTACKER).status_code == 422
        waits.append(
            int(attempt(client, "ed@example.org", address=ATTACKER).headers["Retry-After"])
        )
    assert waits == [2, 4, 8, 16, 20, 20]


def test_failures_are_forgotten_after_a_quiet_day(app, client, make_user):
    make_user("editor", email="ed@example.org")
    for _ in range(3):
        attempt(client, "ed@example.org", address=ATTACKER)
    assert_throttled(attempt(client, "ed@example.org", PASSWORD))
    time_passes(app, app.config["LOGIN_FAILURES_FORGOTTEN_AFTER"] + 1)
    assert attempt(client, "ed@example.org", address=ATTACKER).status_code == 422
    assert attempt(client, "ed@example.org", PASSWORD).status_code == 303


def test_a_device_cookie_of_another_account_or_forged_earns_nothing(app, client, make_user):
    make_user("editor", email="ed@example.org")
    make_user("partner", email="mallory@example.org", organisation="acme")
    # Mallory signs in to her own account and keeps her device cookie...
    assert attempt(client, "mallory@example.org", PASSWORD, address=ATTACKER).status_code == 303
    # ...which does not make her browser a known one for ed's account.
    for _ in range(3):
        assert attempt(client, "ed@example.org", address=ATTACKER).status_code == 422
    assert_throttled(attempt(client, "ed@example.org", address=ATTACKER))
    forger = app.test_client()
    forger.set_cookie(COOKIE_NAME, "WzEsICJub25jZSJd.forged.signature", path="/login")
    assert_throttled(attempt(forger, "ed@example.org", address="192.0.2.77"))


def test_a_known_browser_that_keeps_failing_is_trusted_no_more(app, client, make_user):
    make_user("editor", email="ed@example.org")
    owner = owner_browser(app, "ed@example.org")
    for _ in range(3):
        attempt(client, "ed@example.org", address=ATTACKER)
    # A thief with the owner's browser gets the device's own three tries, then the
    # account's throttling like anyone else.
    for _ in range(3):
        assert attempt(owner, "ed@example.org").status_code == 422
    assert_throttled(attempt(owner, "ed@example.org", PASSWORD))


def test_failures_and_waits_are_in_the_audit_log(app, client, make_user):
    make_user("editor", email="ed@example.org")
    for _ in range(3):
        attempt(client, "ed@example.org", address="192.0.2.44")
    attempt(client, "ed@example.org", address="192.0.2.44")  # refused unchecked, not logged
    attempt(client, "nobody@example.org", address="192.0.2.45")
    with app.app_context():
        events = [
            (event.action, event.address, event.user.email if event.user else None, event.detail)
            for event in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))
        ]
    failed = ("login_failed", "192.0.2.44", "ed@example.org", "wrong password")
    assert events == [
        failed,
        failed,
        failed,
        ("sign_in_delayed", "192.0.2.44", "ed@example.org",
         "account: 3 failures, next attempt in 2 s"),
        ("login_failed", "192.0.2.45", None, "unknown email"),
    ]  # fmt: skip


# Every worker counts together --------------------------------------------------------


def second_worker(app, tmp_path, **config):
    """Another app on the same database, as a second gunicorn worker would be."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    return make_app(tmp_path / "second", url, **config)


def alternate_between_workers(first, second):
    clients = [first.test_client(), second.test_client()]
    answers = [
        attempt(clients[n % 2], "ed@example.org", address=f"198.51.100.{n}").status_code
        for n in range(5)
    ]
    assert answers == [422, 422, 422, 429, 429]


def test_two_workers_on_one_database_share_the_counts(app, tmp_path, make_user):
    make_user("editor", email="ed@example.org")
    second = second_worker(app, tmp_path, **DELAYS)
    alternate_between_workers(app, second)
    with second.app_context():
        db.engine.dispose()


def test_with_redis_configured_the_workers_count_there(app, tmp_path, make_user, redis_url):
    make_user("editor", email="ed@example.org")
    config = {**DELAYS, "RATELIMIT_STORAGE_URI": redis_url}
    config["RATELIMIT_KEY_PREFIX"] = secrets.token_hex(4)  # a fresh count for each run
    app.config.update(config)
    second = second_worker(app, tmp_path, **config)
    alternate_between_workers(app, second)
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(SignInFailures)) == 0
    with second.app_context():
        db.engine.dispose()
