"""The pages one-time links open (an invitation, a password reset, an email change), and
"Forgot your password?". Under /login: the coordinators' side, never exported."""

import functools
from datetime import timedelta

from flask import flash, make_response, redirect, render_template, request, url_for
from flask_babel import format_timedelta
from flask_babel import gettext as _

from app.accounts import bp
from app.accounts.email_change import confirm_email_change
from app.accounts.invitations import accept_invitation
from app.accounts.link_forms import ConfirmEmailForm, ForgotPasswordForm, SetPasswordForm
from app.accounts.link_mail import in_language_of
from app.accounts.link_models import Purpose
from app.accounts.reset import request_password_reset, reset_with_link
from app.accounts.services import AccountError, TooManyAttempts
from app.accounts.tokens import LinkProblem, link_user, open_link
from app.accounts.views import finish_sign_in
from app.i18n import current_language


def private_link(view):
    """The page holds a secret in its address: no cache keeps it, no link passes it on."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        response = make_response(view(*args, **kwargs))
        response.headers["Cache-Control"] = "no-store"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    return wrapped


def link_problem(problem: LinkProblem, purpose: Purpose):
    """What to do next when a link cannot be used: 404 for an unknown one, 410 for one
    used or expired."""
    status = 404 if problem.reason == "unknown" else 410
    page = render_template("accounts/link_problem.html", reason=problem.reason,
                           purpose=purpose.value)  # fmt: skip
    return page, status


@bp.route("/login/forgot", methods=["GET", "POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        try:
            request_password_reset(form.email.data, request.remote_addr or "", current_language())
        except TooManyAttempts as wait:
            delay = format_timedelta(timedelta(seconds=wait.seconds), threshold=1.1)
            form.email.errors.append(
                _("Too many requests. Please wait %(wait)s before you try again.", wait=delay)
            )
            response = make_response(render_template("accounts/forgot.html", form=form), 429)
            response.headers["Retry-After"] = str(wait.seconds)
            return response
        # The same answer whether an account has the address or not.
        return render_template("accounts/forgot_sent.html", email=form.email.data.strip())
    status = 200 if request.method == "GET" or not form.errors else 422
    return render_template("accounts/forgot.html", form=form), status


def set_password_by_link(token: str, purpose, use, template: str, done):
    """The page a reset or an invitation link opens: a new password, set with ``use(link,
    password)``; ``done(user)`` answers once it is set."""
    try:
        link = open_link(token, purpose)
    except LinkProblem as problem:
        return link_problem(problem, purpose)
    with in_language_of(link):
        form = SetPasswordForm()
        user = link_user(link)
        if form.validate_on_submit():
            try:
                use(link, form.password.data)
            except LinkProblem as problem:
                return link_problem(problem, purpose)
            except AccountError as error:
                form.password.errors.append(str(error))
            else:
                return done(user)
        status = 200 if request.method == "GET" or not form.errors else 422
        return render_template(template, form=form, user=user), status


@bp.route("/login/reset/<token>", methods=["GET", "POST"])
@private_link
def reset_password(token: str):
    def done(_user):
        flash(_("Your password is changed, and every session of your account is "
                "ended. Sign in with the new password."), "success")  # fmt: skip
        return redirect(url_for("accounts.login"), code=303)

    return set_password_by_link(token, Purpose.RESET, reset_with_link, "accounts/reset.html", done)


@bp.route("/login/invitation/<token>", methods=["GET", "POST"])
@private_link
def accept_invitation_link(token: str):
    # A role that must have a second factor is sent on to set it up by /manage.
    return set_password_by_link(
        token, Purpose.INVITATION, accept_invitation, "accounts/invitation.html",
        lambda user: finish_sign_in(user, False, url_for("manage.dashboard"), ""),
    )  # fmt: skip


@bp.route("/login/email/<token>", methods=["GET", "POST"])
@private_link
def confirm_email(token: str):
    try:
        link = open_link(token, Purpose.EMAIL_CHANGE)
    except LinkProblem as problem:
        return link_problem(problem, Purpose.EMAIL_CHANGE)
    with in_language_of(link):
        form = ConfirmEmailForm()
        if form.validate_on_submit():
            try:
                user = confirm_email_change(link)
            except LinkProblem as problem:
                return link_problem(problem, Purpose.EMAIL_CHANGE)
            except AccountError as error:
                return render_template("accounts/email_refused.html", message=str(error)), 409
            flash(_("Your email address is now %(email)s.", email=user.email), "success")
            return redirect(url_for("accounts.manage.account"), code=303)
        return render_template("accounts/email_confirm.html", form=form, new_email=link.new_email)
