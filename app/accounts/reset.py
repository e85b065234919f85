"""A forgotten password: a link by mail sets a new one.

The request's answer never says whether an account has the address: the page is the same,
and the request does the same work either way (it only queues a job; the job looks the
address up and mails a link if an account has it).
"""

from flask import current_app

from app.accounts import throttling
from app.accounts.link_mail import link_url, send_link
from app.accounts.link_models import OneTimeLink, Purpose
from app.accounts.models import User
from app.accounts.passwords import hash_password, password_problem
from app.accounts.services import AccountError, find_user, normalise_email, retire_sessions
from app.accounts.tokens import issue_link, new_token, use_link
from app.audit.services import record_event
from app.extensions import db
from app.jobs import queue


def reset_keys(email: str, address: str) -> list[throttling.Key]:
    """The counts a request for ``email`` from ``address`` adds to: one per address asked
    about (known or not), one per client address."""
    config = current_app.config
    client = throttling.address_key(address).name.partition(":")[2]
    return [
        throttling.Key(f"reset-account:{email[:254]}", config["PASSWORD_RESET_FREE_PER_ACCOUNT"]),
        throttling.Key(f"reset-address:{client}", config["PASSWORD_RESET_FREE_PER_CLIENT"]),
    ]


def request_password_reset(email: str, address: str, language: str) -> None:
    """Count the request and queue the job that mails a link if an account has ``email``.

    :raises TooManyAttempts: too many requests for this address, or from this client, lately.
    """
    email = normalise_email(email)
    keys = reset_keys(email, address)
    wait = throttling.seconds_to_wait(keys)
    if wait:
        raise throttling.TooManyAttempts(wait)
    throttling.count_failure(keys)
    db.session.commit()
    # The link is made here, where the site's address is known; it works only once the
    # job has stored it for an account.
    token = new_token()
    mail_reset_link(email, token, link_url("accounts.reset_password", token), language, address)


@queue.task()
def mail_reset_link(email: str, token: str, link: str, language: str, address: str) -> None:
    """Mail ``link`` to the enabled account with ``email``, if there is one, and make its
    ``token`` work."""
    user = find_user(email)
    if user is None or user.is_disabled:
        return
    language = user.language or language
    issue_link(user, Purpose.RESET, token, language=language)
    record_event("password_reset_requested", user, address=address)
    db.session.commit()
    send_link(user.email, "accounts/password_reset", language, link, Purpose.RESET)


def reset_with_link(link: OneTimeLink, password: str) -> User:
    """Set the password of the account of ``link``, end every session of it, use the
    link; commit. The second factor, if any, stays as it was.

    :raises AccountError: the password does not meet the rules.
    :raises LinkProblem: the link was used meanwhile.
    """
    user = db.session.get(User, link.user_id)
    problem = password_problem(password, user.email)
    if problem:
        raise AccountError(problem, "password")
    use_link(link)
    user.password_hash = hash_password(password)
    throttling.forget_failures([throttling.account_key(user.email)])
    retire_sessions(user)
    record_event("password_reset_by_link", user, actor=user)
    db.session.commit()
    return user
