from datetime import timedelta
from urllib.parse import urlsplit

from flask import (
    current_app,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import format_timedelta
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from app.accounts import bp
from app.accounts.devices import device_from_request, remember_device
from app.accounts.forms import LoginForm
from app.accounts.models import Role, User
from app.accounts.second_factor import has_second_factor
from app.accounts.services import TooManyAttempts, authenticate, sign_out
from app.accounts.sessions import start_session
from app.editing.resume import summarise_resume


def is_safe_next(target: str | None) -> bool:
    """Only a path on this site may follow a sign-in; anything else is an open redirect."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        address = request.remote_addr or ""
        try:
            user = authenticate(form.email.data, form.password.data, address, device_from_request())
        except TooManyAttempts as wait:
            return refuse_for_now(form, wait.seconds)
        if user is None:
            # One message for an unknown email and a wrong password alike.
            form.password.errors.append(_("Email or password is incorrect."))
        elif has_second_factor(user):
            # The password alone does not sign in: the step after it asks for a code.
            from app.accounts.second_factor_views import begin_second_step

            return begin_second_step(user, form)
        else:
            return finish_sign_in(user, form.remember.data, form.next.data, form.resume.data)
    status = 200 if request.method == "GET" or not form.errors else 422
    return render_template("accounts/login.html", form=form), status


def refuse_for_now(form: LoginForm, seconds: int):
    """429, with the form back (email kept) and how long to wait, for people and scripts."""
    wait = format_timedelta(timedelta(seconds=seconds), threshold=1.1)
    form.password.errors.append(
        _("Too many attempts. Please wait %(wait)s before you try again.", wait=wait)
    )
    response = make_response(render_template("accounts/login.html", form=form), 429)
    response.headers["Retry-After"] = str(seconds)
    return response


def finish_sign_in(user: User, remember: bool, next_path: str, resume: str):
    """Sign ``user`` in to a fresh session in this browser and go on to ``next_path`` if safe."""
    # A fresh session at sign-in, so a session id planted before cannot be reused.
    session.clear()
    g.pop("csrf_token", None)  # the cached token belonged to the old session
    user.session_token = start_session(
        user, request.remote_addr or "", request.user_agent.string, bool(remember)
    )
    login_user(user, remember=remember)
    flash(_("Signed in as %(email)s.", email=user.email), "success")
    target = next_path if is_safe_next(next_path) else landing_page(user)
    response = None
    if resume:
        summary = summarise_resume(resume, target, user)
        if summary is not None:
            response = make_response(render_template("accounts/resume.html", summary=summary))
        else:
            flash(_("The changes you were making before could not be checked as yours, "
                    "so they were not kept. Please make them again."), "info")  # fmt: skip
    if response is None:
        response = redirect(target, code=303)
    remember_device(response, user)
    return response


def landing_page(user: User) -> str:
    """Where a sign-in leads when it was asked for no page: a partner contact of an
    organisation to the members' area, a coordinator to /manage."""
    members_area = "members.index" in current_app.view_functions
    if members_area and user.has_role(Role.PARTNER) and user.organisation_slug:
        return url_for("members.index")
    return url_for("manage.dashboard")


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    sign_out(current_user._get_current_object(), request.remote_addr or "")
    logout_user()
    session.clear()
    flash(_("You are signed out."), "info")
    return redirect(url_for("home.index"), code=303)


@bp.app_context_processor
def inject_user():
    return {"current_user": current_user}
