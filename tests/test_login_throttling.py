"""Sign-in throttling: per address and per account (429), and the durable lock."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.accounts.models import User, utcnow
from app.audit.models import AuditEvent
from app.extensions import db
from tests.conftest import PASSWORD, csrf_token_from


@pytest.fixture
def app_config():
    return {"LOGIN_LIMIT_PER_ADDRESS": "4 per minute", "LOGIN_LIMIT_PER_ACCOUNT": "3 per minute"}


WRONG = "wrong password"


def attempt(client, email, password=WRONG, address="192.0.2.1", **headers):
    token = csrf_token_from(client.get("/login"))
    return client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": token},
        environ_base={"REMOTE_ADDR": address},
        headers=headers,
    )


def assert_throttled(response):
    assert response.status_code == 429
    body = response.get_data(as_text=True)
    assert "Too many attempts" in body and "Please wait" in body  # the friendly page
    assert int(response.headers["Retry-After"]) > 0


def test_one_address_trying_many_accounts_is_throttled(client):
    for n in range(4):
        assert attempt(client, f"guess{n}@example.org").status_code == 422
    assert_throttled(attempt(client, "guess5@example.org"))
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


def test_successful_sign_ins_do_not_count(client, auth, make_user):
    make_user("editor", email="ed@example.org")
    for _ in range(6):
        assert attempt(client, "ed@example.org", password=PASSWORD).status_code == 303
        auth.logout()


def test_behind_a_trusted_proxy_each_reader_is_counted_on_their_own(tmp_path, database_url):
    from tests.conftest import make_app

    app = make_app(
        tmp_path, database_url, TRUSTED_PROXIES=1, LOGIN_LIMIT_PER_ADDRESS="2 per minute"
    )
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
    from tests.conftest import make_app

    app = make_app(tmp_path, RATELIMIT_ENABLED=False, LOGIN_LIMIT_PER_ADDRESS="1 per minute")
    with app.app_context():
        db.create_all()
    client = app.test_client()
    for n in range(3):
        assert attempt(client, f"x{n}@example.org").status_code == 422
    with app.app_context():
        db.engine.dispose()


# The durable lock --------------------------------------------------------------------


@pytest.fixture
def locking(app):
    """No 429s, a lock after 3 failures: the counter is what is under test."""
    app.config.update(
        LOGIN_LIMIT_PER_ADDRESS="1000 per minute",
        LOGIN_LIMIT_PER_ACCOUNT="1000 per minute",
        LOGIN_LOCK_AFTER=3,
        LOGIN_LOCK_MINUTES=15,
    )
    return app


def user_row(app, email="ed@example.org") -> User:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        db.session.expunge(user)
        return user


def test_failures_are_counted_in_the_database(locking, client, make_user):
    make_user("editor", email="ed@example.org")
    attempt(client, "ed@example.org")
    attempt(client, "ed@example.org")
    assert user_row(locking).failed_logins == 2
    assert user_row(locking).locked_until is None
    assert attempt(client, "ed@example.org", password=PASSWORD).status_code == 303
    assert user_row(locking).failed_logins == 0


def test_a_locked_account_refuses_even_the_right_password_with_the_usual_answer(
    locking, client, make_user
):
    make_user("editor", email="ed@example.org")
    for _ in range(3):
        attempt(client, "ed@example.org")
    user = user_row(locking)
    assert user.locked_until > utcnow() + timedelta(minutes=14)

    locked = attempt(client, "ed@example.org", password=PASSWORD)
    unknown = attempt(client, "nobody@example.org")
    assert locked.status_code == unknown.status_code == 422
    assert "Email or password is incorrect." in locked.get_data(as_text=True)
    assert "Sign out" not in client.get("/").get_data(as_text=True)


def test_the_lock_ends_by_itself_and_then_the_right_password_works(locking, client, make_user):
    make_user("editor", email="ed@example.org")
    for _ in range(3):
        attempt(client, "ed@example.org")
    with locking.app_context():
        user = db.session.scalar(select(User))
        user.locked_until = utcnow() - timedelta(seconds=1)
        db.session.commit()
    assert attempt(client, "ed@example.org", password=PASSWORD).status_code == 303
    assert user_row(locking).failed_logins == 0


def test_after_the_lock_one_more_failure_locks_again(locking, client, make_user):
    make_user("editor", email="ed@example.org")
    for _ in range(3):
        attempt(client, "ed@example.org")
    with locking.app_context():
        db.session.scalar(select(User)).locked_until = utcnow() - timedelta(seconds=1)
        db.session.commit()
    attempt(client, "ed@example.org")
    assert user_row(locking).locked_until > utcnow()


def test_sign_ins_failures_and_locks_are_in_the_audit_log(locking, client, make_user):
    make_user("editor", email="ed@example.org")
    for _ in range(3):
        attempt(client, "ed@example.org", address="192.0.2.44")
    attempt(client, "nobody@example.org", address="192.0.2.45")
    with locking.app_context():
        events = [
            (event.action, event.address, event.user.email if event.user else None)
            for event in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))
        ]
    assert events == [
        ("login_failed", "192.0.2.44", "ed@example.org"),
        ("login_failed", "192.0.2.44", "ed@example.org"),
        ("login_failed", "192.0.2.44", "ed@example.org"),
        ("account_locked", "192.0.2.44", "ed@example.org"),
        ("login_failed", "192.0.2.45", None),
    ]
