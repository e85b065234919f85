"""User administration under /manage/users/, for administrators only."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.accounts import manage_bp
from app.accounts.admin_forms import InviteForm, NewUserForm, ResetPasswordForm
from app.accounts.models import Role, User
from app.accounts.second_factor import second_factor_status
from app.accounts.services import (
    AccountError,
    create_user,
    disable_user,
    enable_user,
    reset_password,
)
from app.audit.services import recent_events, record_event
from app.extensions import db
from app.manage.access import allow_roles


def get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


def render_users(status: int = 200, form=None, invite_form=None):
    """The users list with its two forms; a form passed in (with its errors) replaces the
    blank one."""
    everyone = db.session.scalars(select(User).order_by(User.email)).all()
    page = render_template(
        "accounts/users.html",
        users=everyone,
        form=form or NewUserForm(formdata=None),
        invite_form=invite_form or InviteForm(formdata=None),
    )
    return page, status


@manage_bp.route("/users/", methods=["GET", "POST"])
@allow_roles(Role.ADMIN)
def users():
    form = NewUserForm()
    if form.validate_on_submit():
        try:
            user = create_user(
                form.email.data,
                form.password.data,
                Role(form.role.data),
                form.organisation.data or None,
                form.name.data or "",
            )
        except AccountError as error:
            form[error.field or "password"].errors.append(str(error))
        else:
            record_event("user_created", user, actor=current_user, detail=user.role.value)
            db.session.commit()
            flash(_("%(email)s can now sign in.", email=user.email), "success")
            return redirect(url_for("accounts.manage.users"), code=303)
    return render_users(422 if form.errors else 200, form=form)


@manage_bp.route("/users/<int:user_id>/", methods=["GET", "POST"])
@allow_roles(Role.ADMIN)
def user(user_id: int):
    account = get_user(user_id)
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            reset_password(account, form.new_password.data, by=current_user)
        except AccountError as error:
            form.new_password.errors.append(str(error))
        else:
            flash(_("New password set; %(email)s was signed out everywhere.",
                    email=account.email), "success")  # fmt: skip
            return redirect(url_for("accounts.manage.user", user_id=account.id), code=303)
    status = 422 if form.errors else 200
    return render_template(
        "accounts/user.html",
        account=account,
        form=form,
        events=recent_events(50, account),
        second_factor=second_factor_status(account),
    ), status


@manage_bp.route("/users/<int:user_id>/<any(disable,enable):verb>", methods=["POST"])
@allow_roles(Role.ADMIN)
def set_enabled(user_id: int, verb: str):
    account = get_user(user_id)
    try:
        if verb == "disable":
            disable_user(account, by=current_user)
            flash(_("%(email)s is disabled and signed out.", email=account.email), "success")
        else:
            enable_user(account, by=current_user)
            flash(_("%(email)s can sign in again.", email=account.email), "success")
    except AccountError as error:
        flash(str(error), "error")
    return redirect(url_for("accounts.manage.user", user_id=account.id), code=303)
