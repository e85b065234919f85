"""Device cookies: how a browser that signed in to an account before is recognised.

After a successful sign-in the browser gets a signed cookie naming the account and a random
nonce. Presented again at /login for that account, it lets the browser past the account's
and the address's throttling, counted under its own nonce instead (OWASP, "Slow down online
guessing attacks with device cookies"). The cookie grants nothing by itself: the password
is still needed.
"""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import Response, current_app, request
from itsdangerous import BadData, URLSafeTimedSerializer

from app.accounts.models import User

COOKIE_NAME = "roundtable_device"
SALT = "roundtable sign-in device"


@dataclass(frozen=True)
class Device:
    user_id: int
    nonce: str


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def _lifetime() -> timedelta:
    return timedelta(days=current_app.config["LOGIN_DEVICE_COOKIE_DAYS"])


def device_from_request() -> Device | None:
    """The device this request's cookie names, if its signature holds and it is not too old."""
    cookie = request.cookies.get(COOKIE_NAME)
    if not cookie:
        return None
    try:
        user_id, nonce = _serializer().loads(cookie, max_age=_lifetime().total_seconds())
    except (BadData, TypeError, ValueError):
        return None
    if not isinstance(user_id, int) or not isinstance(nonce, str):
        return None
    return Device(user_id, nonce)


def remember_device(response: Response, user: User) -> None:
    """Mark the browser receiving ``response`` as a known device of ``user``.

    A fresh nonce each time: failures counted under an old one do not follow it.
    """
    value = _serializer().dumps([user.id, secrets.token_urlsafe(16)])
    config = current_app.config
    response.set_cookie(
        COOKIE_NAME,
        value,
        max_age=int(_lifetime().total_seconds()),
        # Only the sign-in form needs it.
        path=current_app.url_for("accounts.login"),
        secure=config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Lax",
    )
