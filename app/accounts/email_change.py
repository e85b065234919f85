"""Changing one's email: asked with the current password, done when the link mailed to
the new address is opened, and told to the old address.

Nothing said while asking reveals whether another account has the new address: if one
does, the link fails when opened, with a neutral message, and no account changes.
"""

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from app.accounts import throttling
from app.accounts.link_mail import link_url, mail_language, send_link
from app.accounts.link_models import OneTimeLink, Purpose
from app.accounts.models import User
from app.accounts.passwords import verify_password
from app.accounts.services import AccountError, find_user, normalise_email
from app.accounts.tokens import issue_link, use_link
from app.audit.services import record_event
from app.extensions import db
from app.mail import send_mail


def request_email_change(user: User, current_password: str, new_email: str, language: str):
    """Mail a confirmation link for ``new_email`` to that address; commit.

    :raises TooManyAttempts: too many wrong passwords lately (counted with those of a
        password change).
    :raises AccountError: the password is wrong (field ``current_password``), or the new
        address is no address or the current one (field ``new_email``).
    """
    key = throttling.Key(
        f"password-change:{user.id}", current_app.config["LOGIN_DELAY_AFTER_ACCOUNT"]
    )
    wait = throttling.seconds_to_wait([key])
    if wait:
        raise throttling.TooManyAttempts(wait)
    if not verify_password(user.password_hash, current_password):
        throttling.count_failure([key])
        record_event("email_change_refused", user, actor=user, detail="wrong password")
        db.session.commit()
        raise AccountError(_("This is not your current password."), "current_password")
    new_email = normalise_email(new_email)
    if "@" not in new_email or "\x00" in new_email:
        raise AccountError(_("Enter an email address."), "new_email")
    if new_email == user.email:
        raise AccountError(_("This is already your email address."), "new_email")
    throttling.forget_failures([key])
    language = user.language or language
    token = issue_link(user, Purpose.EMAIL_CHANGE, new_email=new_email, language=language)
    record_event("email_change_requested", user, actor=user, detail=new_email)
    db.session.commit()
    send_link(new_email, "accounts/email_change", language,
              link_url("accounts.confirm_email", token), Purpose.EMAIL_CHANGE,
              old_email=user.email, new_email=new_email)  # fmt: skip


def confirm_email_change(link: OneTimeLink) -> User:
    """Move the account of ``link`` to its new address, use the link, tell the old address;
    commit.

    :raises AccountError: another account has the address now; the link is used up and
        nothing else changes.
    :raises LinkProblem: the link was used meanwhile.
    """
    user = db.session.get(User, link.user_id)
    new_email, old_email = link.new_email or "", user.email
    if find_user(new_email) is not None:
        _refuse(user, link)
    use_link(link)
    user.email = new_email
    # Failed sign-ins counted at the old address stay with it; the new one starts afresh.
    record_event("email_changed", user, actor=user, detail=f"{old_email} -> {new_email}")
    try:
        db.session.commit()
    except IntegrityError:  # another account took the address at the same moment
        db.session.rollback()
        _refuse(db.session.get(User, link.user_id), db.session.get(OneTimeLink, link.id))
    send_mail(old_email, "accounts/email_changed", language=mail_language(user.language),
              old_email=old_email)  # fmt: skip
    return user


def _refuse(user: User, link: OneTimeLink) -> None:
    use_link(link)
    record_event("email_change_failed", user, detail="address taken")
    db.session.commit()
    raise AccountError(_("This address cannot be used for your account. Nothing was changed."))
