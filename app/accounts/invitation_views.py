"""Inviting a person from /manage/users/, and sending an invitation again or cancelling it."""

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts import manage_bp
from app.accounts.admin_forms import InviteForm
from app.accounts.admin_views import get_user, render_users
from app.accounts.invitations import cancel_invitation, invite_person, send_invitation_again
from app.accounts.models import Role
from app.accounts.services import AccountError
from app.manage.access import allow_roles


@manage_bp.route("/users/invite", methods=["POST"])
@allow_roles(Role.ADMIN)
def invite():
    form = InviteForm()
    if form.validate_on_submit():
        try:
            user = invite_person(
                form.email.data,
                Role(form.role.data),
                form.organisation.data or None,
                form.language.data,
                by=current_user,
                name=form.name.data or "",
            )
        except AccountError as error:
            form[error.field or "email"].errors.append(str(error))
        else:
            flash(_("An invitation is on its way to %(email)s.", email=user.email), "success")
            return redirect(url_for("accounts.manage.users"), code=303)
    return render_users(422, invite_form=form)


@manage_bp.route("/users/<int:user_id>/invitation/<any(again,cancel):verb>", methods=["POST"])
@allow_roles(Role.ADMIN)
def invitation(user_id: int, verb: str):
    account = get_user(user_id)
    email = account.email
    try:
        if verb == "again":
            send_invitation_again(account, by=current_user)
            flash(_("A new invitation is on its way to %(email)s; the earlier link no longer "
                    "works.", email=email), "success")  # fmt: skip
        else:
            cancel_invitation(account, by=current_user)
            flash(_("The invitation of %(email)s is cancelled.", email=email), "success")
    except AccountError as error:
        flash(str(error), "error")
    return redirect(url_for("accounts.manage.users"), code=303)
