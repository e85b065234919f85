"""A signed-in user's own account at /manage/account/: the language of /manage, their
password and email address, and the browsers where they are signed in.

Open to every role that may enter /manage; each user changes only their own account.
"""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts import manage_bp
from app.accounts.email_change import request_email_change
from app.accounts.forms import (
    BROWSER_LANGUAGE,
    ChangeEmailForm,
    ChangePasswordForm,
    PreferencesForm,
)
from app.accounts.models import Role
from app.accounts.second_factor import second_factor_status
from app.accounts.services import AccountError, TooManyAttempts, change_password, set_language
from app.accounts.sessions import end_other_sessions, end_session, is_current, list_sessions
from app.accounts.useragents import describe_user_agent
from app.features import account_sections
from app.i18n import coordinators_language
from app.manage.access import allow_roles

EVERYONE = (Role.ADMIN, Role.EDITOR, Role.PARTNER)


def render_account(
    status: int = 200, language_form=None, password_form=None, email_form=None, sent=None
):
    """The account page; a form passed in (with its errors) replaces the blank one.

    ``sent`` is a feature's section form as the user sent it back, by section name
    (``app.features.AccountSection``), shown with its errors in place of the blank one.
    """
    user = current_user._get_current_object()
    sections = [
        (section.template, section.gather((sent or {}).get(section.name)))
        for section in account_sections()
    ]
    language = current_user.language or BROWSER_LANGUAGE
    sessions = [
        (row, describe_user_agent(row.user_agent), is_current(row, user))
        for row in list_sessions(user)
    ]
    page = render_template(
        "accounts/account.html",
        form=language_form or PreferencesForm(formdata=None, data={"language": language}),
        password_form=password_form or ChangePasswordForm(formdata=None),
        email_form=email_form or ChangeEmailForm(formdata=None),
        sessions=sessions,
        status=second_factor_status(user),
        sections=sections,
    )
    return page, status


@manage_bp.route("/account/", methods=["GET", "POST"])
@allow_roles(*EVERYONE)
def account():
    form = PreferencesForm(data={"language": current_user.language or BROWSER_LANGUAGE})
    if form.validate_on_submit():
        set_language(current_user, form.language.data)
        with force_locale(coordinators_language()):  # the language just chosen
            flash(_("Your language is saved."), "success")
        return redirect(url_for("accounts.manage.account"), code=303)
    return render_account(422 if form.errors else 200, language_form=form)


@manage_bp.route("/account/password", methods=["POST"])
@allow_roles(*EVERYONE)
def change_own_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            change_password(user, form.current_password.data, form.new_password.data)
        except TooManyAttempts as wait:
            form.current_password.errors.append(
                _("Too many wrong passwords. Please wait %(n)d seconds.", n=wait.seconds)
            )
            return render_account(429, password_form=form)
        except AccountError as error:
            getattr(form, error.field).errors.append(str(error))
        else:
            flash(_("Your password is changed. You are signed out everywhere else."), "success")
            return redirect(url_for("accounts.manage.account"), code=303)
    return render_account(422, password_form=form)


@manage_bp.route("/account/email", methods=["POST"])
@allow_roles(*EVERYONE)
def change_own_email():
    form = ChangeEmailForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            request_email_change(
                user, form.email_password.data, form.new_email.data, coordinators_language()
            )
        except TooManyAttempts as wait:
            form.email_password.errors.append(
                _("Too many wrong passwords. Please wait %(n)d seconds.", n=wait.seconds)
            )
            return render_account(429, email_form=form)
        except AccountError as error:
            field = form.email_password if error.field == "current_password" else form.new_email
            field.errors.append(str(error))
        else:
            # The same answer whatever the address: it never says whether it is taken.
            flash(_("We have sent a link to %(email)s. Your address changes when you open it.",
                    email=form.new_email.data.strip()), "success")  # fmt: skip
            return redirect(url_for("accounts.manage.account"), code=303)
    return render_account(422, email_form=form)


@manage_bp.route("/account/sessions/<int:session_id>/end", methods=["POST"])
@allow_roles(*EVERYONE)
def end_one_session(session_id: int):
    if not end_session(current_user._get_current_object(), session_id):
        abort(404)  # already ended, or not theirs: the same answer
    flash(_("That session is ended."), "success")
    return redirect(url_for("accounts.manage.account"), code=303)


@manage_bp.route("/account/sessions/end-others", methods=["POST"])
@allow_roles(*EVERYONE)
def end_others():
    ended = end_other_sessions(current_user._get_current_object())
    flash(_("Your other sessions are ended (%(n)d).", n=ended), "success")
    return redirect(url_for("accounts.manage.account"), code=303)
