"""Who may enter /members, decided once for the whole area.

Members (partner contacts whose organisation is in the directory) and coordinators may;
anyone else signed in is refused, and a reader who is not signed in is asked to.
"""

from flask import abort, redirect, request, url_for
from flask_login import current_user

from app.accounts.models import Role, User
from app.members import bp
from app.members.services import organisation_of

COORDINATORS = (Role.ADMIN, Role.EDITOR)


def may_enter(user: User) -> bool:
    if user.has_role(*COORDINATORS):
        return True
    return user.has_role(Role.PARTNER) and organisation_of(user) is not None


@bp.before_request
def protect():
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")), code=303)
    if not may_enter(current_user):
        abort(403)
    return None
