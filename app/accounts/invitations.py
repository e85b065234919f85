"""Invitations: an administrator names a person and a role; the person sets their own
password through the link mailed to them.

An invited account has no password yet (an empty hash, which no password matches), so it
cannot sign in until the link is used. The users list shows it as invited, to send again
or cancel.
"""

from flask_babel import gettext as _
from sqlalchemy import update

from app.accounts.link_mail import link_url, send_link
from app.accounts.link_models import OneTimeLink, Purpose
from app.accounts.models import Role, User, utcnow
from app.accounts.passwords import hash_password, password_problem
from app.accounts.services import AccountError, find_user, normalise_email
from app.accounts.tokens import LinkProblem, issue_link, use_link
from app.audit.models import AuditEvent
from app.audit.services import record_event
from app.extensions import db

NO_PASSWORD_YET = ""  # nosec B105: the empty hash of an invited account, not a password (User.is_invited)


def invite_person(
    email: str,
    role: Role,
    organisation_slug: str | None,
    language: str | None,
    by: User,
    name: str = "",
) -> User:
    """Add an account without a password for ``email``, mail its invitation, and commit.

    :raises AccountError: the email is not an address or is taken, or a partner contact
        has no organisation (each with its field).
    """
    email = normalise_email(email)
    if "@" not in email:
        raise AccountError(_("Enter an email address."), "email")
    if find_user(email) is not None:
        raise AccountError(_("A user with this email already exists."), "email")
    if role is Role.PARTNER and not organisation_slug:
        raise AccountError(_("A partner contact needs an organisation."), "organisation")
    user = User(
        email=email,
        name=name,
        password_hash=NO_PASSWORD_YET,
        role=role,
        organisation_slug=organisation_slug if role is Role.PARTNER else None,
    )
    db.session.add(user)
    db.session.flush()
    record_event("user_invited", user, actor=by, detail=_detail(user))
    _send(user, language, by)
    return user


def send_invitation_again(user: User, by: User) -> None:
    """Mail a new invitation to an invited ``user`` (the older link stops working); commit.

    :raises AccountError: ``user`` has a password already.
    """
    if not user.is_invited:
        raise AccountError(_("%(email)s has already accepted the invitation.", email=user.email))
    record_event("invitation_sent_again", user, actor=by)
    _send(user, last_invitation_language(user), by)


def _send(user: User, language: str | None, by: User) -> None:
    token = issue_link(user, Purpose.INVITATION, language=language)
    db.session.commit()
    send_link(
        user.email,
        "accounts/invitation",
        language,
        link_url("accounts.accept_invitation_link", token),
        Purpose.INVITATION,
        inviter=by.name or by.email,
        role=user.role.value,
    )


def last_invitation_language(user: User) -> str | None:
    link = db.session.scalar(
        db.select(OneTimeLink)
        .where(OneTimeLink.user_id == user.id, OneTimeLink.purpose == Purpose.INVITATION)
        .order_by(OneTimeLink.id.desc())
    )
    return link.language if link else None


def cancel_invitation(user: User, by: User) -> None:
    """Remove an invited ``user`` who never set a password, and their links; commit.

    The audit log keeps its rows about them, with the address in the detail.

    :raises AccountError: ``user`` has a password already (disable the account instead).
    """
    if not user.is_invited:
        raise AccountError(_("%(email)s has already accepted the invitation.", email=user.email))
    for column in (AuditEvent.user_id, AuditEvent.actor_id):
        db.session.execute(update(AuditEvent).where(column == user.id).values({column: None}))
    record_event("invitation_cancelled", None, actor=by, detail=user.email)
    db.session.execute(db.delete(OneTimeLink).where(OneTimeLink.user_id == user.id))
    db.session.delete(user)
    db.session.commit()


def accept_invitation(link: OneTimeLink, password: str) -> User:
    """Give the invited account of ``link`` its first password and use the link; commit.

    :raises AccountError: the password does not meet the rules.
    :raises LinkProblem: the link was used meanwhile.
    """
    user = db.session.get(User, link.user_id)
    if not user.is_invited:
        raise LinkProblem("used")  # an administrator set a password meanwhile
    problem = password_problem(password, user.email)
    if problem:
        raise AccountError(problem, "password")
    use_link(link)
    user.password_hash = hash_password(password)
    if link.language:
        user.language = link.language  # /manage speaks the language they were invited in
    user.last_login_at = utcnow()
    record_event("invitation_accepted", user, actor=user)
    db.session.commit()
    return user


def _detail(user: User) -> str:
    return user.role.value + (f" ({user.organisation_slug})" if user.organisation_slug else "")
