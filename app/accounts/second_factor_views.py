"""The second factor: the sign-in step after the password, the user's own setup under
/manage/account/second-factor/, an administrator's reset, and the site's requirement.
"""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.accounts import bp, manage_bp
from app.accounts.admin_views import get_user
from app.accounts.forms import LoginForm
from app.accounts.models import Role, User
from app.accounts.second_factor import (
    SecondFactorError,
    check_code,
    confirm_setup,
    end_pending_sign_in,
    few_recovery_codes_left,
    find_second_factor,
    pending_sign_in,
    provisioning_uri,
    qr_code,
    recovery_codes_left,
    renew_recovery_codes,
    reset_second_factor,
    second_factor_required,
    second_factor_status,
    setup_secret,
    start_pending_sign_in,
    start_setup,
    turn_off_second_factor,
)
from app.accounts.second_factor_forms import (
    RenewCodesForm,
    SecondStepForm,
    SetupForm,
    TurnOffForm,
)
from app.accounts.services import AccountError
from app.accounts.views import finish_sign_in
from app.manage.access import allow_roles, in_manage_area

EVERY_ROLE = (Role.ADMIN, Role.EDITOR, Role.PARTNER)
# What a user whom the site requires to have a second factor may open before setting it up.
SETUP_ENDPOINTS = {"accounts.manage.second_factor", "accounts.manage.start_second_factor"}


def begin_second_step(user: User, form: LoginForm):
    """After the right password of a user with a second factor: ask for a code."""
    start_pending_sign_in(user, form.remember.data)
    if form.resume.data:
        # The interrupted save's text is too large for the session cookie: it goes on in
        # the form.
        step = SecondStepForm(formdata=None, data={"next": form.next.data,
                                                   "resume": form.resume.data})  # fmt: skip
        return render_template("accounts/second_factor_step.html", form=step)
    return redirect(url_for("accounts.second_step", next=form.next.data or None), code=303)


@bp.route("/login/second-step", methods=["GET", "POST"])
def second_step():
    pending = pending_sign_in()
    if pending is None:
        return restart_sign_in()
    user, details = pending
    form = SecondStepForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        try:
            kind = check_code(user, form.code.data)
        except SecondFactorError as error:
            form.code.errors.append(str(error))
        else:
            end_pending_sign_in()
            response = finish_sign_in(user, details["remember"], form.next.data, form.resume.data)
            if kind == "recovery":
                flash_recovery_codes_left(user)
            return response
    status = 200 if request.method == "GET" or not form.errors else 422
    return render_template("accounts/second_factor_step.html", form=form), status


def restart_sign_in():
    """The step after the password expired (or never began): back to the password, with
    the text of an interrupted save kept."""
    message = _("Signing in took too long. Enter your password again.")
    form = LoginForm(formdata=None, data={"next": request.values.get("next", ""),
                                          "resume": request.form.get("resume", "")})  # fmt: skip
    if form.resume.data:
        form.password.errors.append(message)
        return render_template("accounts/login.html", form=form, resuming=True), 401
    flash(message, "warning")
    return redirect(url_for("accounts.login", next=form.next.data or None), code=303)


def flash_recovery_codes_left(user: User) -> None:
    left = recovery_codes_left(user)
    message = ngettext(
        "You used a recovery code; %(num)d is left.",
        "You used a recovery code; %(num)d are left.",
        left,
    )
    if few_recovery_codes_left(user):
        message += " " + _("Make new ones in My account.")
    flash(message, "warning")


# The user's own setup


@manage_bp.route("/account/second-factor/", methods=["GET", "POST"])
@allow_roles(*EVERY_ROLE)
def second_factor():
    factor = find_second_factor(current_user)
    setup = SetupForm()
    if request.method == "POST":
        if factor is None or factor.is_confirmed:
            return redirect(url_for("accounts.manage.second_factor"), code=303)
        if setup.validate():
            try:
                codes = confirm_setup(current_user, setup.code.data)
            except SecondFactorError as error:
                setup.code.errors.append(str(error))
            else:
                flash(_("Your second factor is set up."), "success")
                return render_template("accounts/second_factor_codes.html", codes=codes)
    return render_second_factor_page(setup=setup)


def render_second_factor_page(**forms):
    factor = find_second_factor(current_user)
    setup = {}
    if factor is not None and not factor.is_confirmed:
        secret = setup_secret(factor)
        setup = {"secret": secret, "qr_code": qr_code(provisioning_uri(current_user, secret))}
    forms = {"setup": SetupForm(formdata=None), "renew": RenewCodesForm(formdata=None),
             "off": TurnOffForm(formdata=None), **forms}  # fmt: skip
    status = 422 if any(form.errors for form in forms.values()) else 200
    return render_template(
        "accounts/second_factor.html",
        factor=factor,
        status=second_factor_status(current_user),
        **setup,
        **forms,
    ), status


@manage_bp.route("/account/second-factor/start", methods=["POST"])
@allow_roles(*EVERY_ROLE)
def start_second_factor():
    try:
        start_setup(current_user)
    except AccountError as error:
        flash(str(error), "error")
    return redirect(url_for("accounts.manage.second_factor"), code=303)


@manage_bp.route("/account/second-factor/recovery-codes", methods=["POST"])
@allow_roles(*EVERY_ROLE)
def renew_codes():
    form = RenewCodesForm()
    if form.validate_on_submit():
        try:
            codes = renew_recovery_codes(current_user, form.renew_code.data)
        except SecondFactorError as error:
            form.renew_code.errors.append(str(error))
        else:
            flash(_("You have new recovery codes; the old ones no longer work."), "success")
            return render_template("accounts/second_factor_codes.html", codes=codes)
    return render_second_factor_page(renew=form)


@manage_bp.route("/account/second-factor/off", methods=["POST"])
@allow_roles(*EVERY_ROLE)
def turn_off():
    form = TurnOffForm()
    if form.validate_on_submit():
        try:
            turn_off_second_factor(current_user, form.password.data, form.off_code.data)
        except SecondFactorError as error:
            form[error.field or "off_code"].errors.append(str(error))
        else:
            flash(_("Your second factor is off: signing in needs only your password."), "info")
            return redirect(url_for("accounts.manage.account"), code=303)
    return render_second_factor_page(off=form)


# An administrator's reset


@manage_bp.route("/users/<int:user_id>/second-factor/reset", methods=["POST"])
@allow_roles(Role.ADMIN)
def reset_user_second_factor(user_id: int):
    account = get_user(user_id)
    reset_second_factor(account, by=current_user)
    flash(_("%(email)s can sign in with their password alone and set up a new second factor.",
            email=account.email), "success")  # fmt: skip
    return redirect(url_for("accounts.manage.user", user_id=account.id), code=303)


# What the account pages show


@bp.before_app_request
def require_second_factor():
    """A user whom the site requires to have a second factor, signed in without one, may
    only set it up (or sign out) until it is done."""
    if not in_manage_area() or not current_user.is_authenticated:
        return None
    if request.endpoint in SETUP_ENDPOINTS or not second_factor_required(current_user):
        return None
    factor = find_second_factor(current_user)
    if factor is not None and factor.is_confirmed:
        return None
    flash(_("Set up a second factor before you continue: this site requires one."), "warning")
    if request.method in ("GET", "HEAD"):
        return redirect(url_for("accounts.manage.second_factor"), code=303)
    # A save posted after the rule came in is not made, but its text is shown to copy.
    from app.errors import posted_text

    page = render_template("accounts/second_factor_first.html", fields=posted_text())
    return page, 403
