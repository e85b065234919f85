"""The signed tokens in the links of subscription mails.

A link is the reader's only proof that the address is theirs: no account, no password.
Each token names the subscriber's row and address, so a token outlives neither: after
a deletion the same address subscribing again gets new tokens, and the old ones name
no one. Signed with SECRET_KEY; a token altered by one character is refused.
"""

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer, URLSafeTimedSerializer

from app.subscriptions.models import Subscriber

# A confirmation link works as long as the unconfirmed subscription is kept.
CONFIRMATION_MAX_AGE = 7 * 24 * 60 * 60  # seconds


def _manage_serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="subscription-manage")


def _confirm_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="subscription-confirm")


def manage_token(subscriber: Subscriber) -> str:
    """The token of the links to manage and to leave a subscription; it does not expire,
    as a digest read months later must still unsubscribe."""
    return _manage_serializer().dumps([subscriber.id, subscriber.email])


def confirmation_token(subscriber: Subscriber) -> str:
    return _confirm_serializer().dumps([subscriber.id, subscriber.email])


def read_manage_token(token: str) -> tuple[int, str] | None:
    """The (id, address) a manage token names, or None if it is forged or malformed."""
    try:
        return _pair(_manage_serializer().loads(token))
    except BadSignature:
        return None


def read_confirmation_token(token: str) -> tuple[int, str] | None:
    """The (id, address) of a confirmation token, or None if forged, malformed or older
    than CONFIRMATION_MAX_AGE."""
    try:
        return _pair(_confirm_serializer().loads(token, max_age=CONFIRMATION_MAX_AGE))
    except BadSignature:  # SignatureExpired is one
        return None


def _pair(value) -> tuple[int, str] | None:
    if isinstance(value, list) and len(value) == 2:
        subscriber_id, email = value
        if isinstance(subscriber_id, int) and isinstance(email, str):
            return subscriber_id, email
    return None
