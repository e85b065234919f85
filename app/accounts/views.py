from urllib.parse import urlsplit

from flask import current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from app.accounts import bp
from app.accounts.forms import LoginForm
from app.accounts.services import authenticate, normalise_email, sign_out
from app.editing.resume import summarise_resume
from app.extensions import limiter


def is_safe_next(target: str | None) -> bool:
    """Only a path on this site may follow a sign-in; anything else is an open redirect."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def failed_sign_in(response) -> bool:
    """Only failed attempts count towards the limits: a successful one redirects."""
    return response.status_code != 303


def account_key() -> str:
    return "account:" + normalise_email(request.form.get("email", ""))


# Throttled per client address (one guesser trying many accounts) and per account (many
# addresses guessing one account); beyond either limit the answer is 429 until it resets.
@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"],
    methods=["POST"],
    deduct_when=failed_sign_in,
    scope="login-address",
)
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"],
    key_func=account_key,
    methods=["POST"],
    deduct_when=failed_sign_in,
    scope="login-account",
)
def login():
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data, request.remote_addr or "")
        if user is None:
            # One message for an unknown email and a wrong password alike.
            form.password.errors.append(_("Email or password is incorrect."))
        else:
            # A fresh session at sign-in, so a session id planted before cannot be reused.
            session.clear()
            g.pop("csrf_token", None)  # the cached token belonged to the old session
            login_user(user, remember=form.remember.data)
            flash(_("Signed in as %(email)s.", email=user.email), "success")
            target = form.next.data if is_safe_next(form.next.data) else url_for("home.index")
            if form.resume.data:
                summary = summarise_resume(form.resume.data, target, user)
                if summary is not None:
                    return render_template("accounts/resume.html", summary=summary)
                flash(_("The changes you were making before could not be checked as yours, "
                        "so they were not kept. Please make them again."), "info")  # fmt: skip
            return redirect(target, code=303)
    status = 200 if request.method == "GET" or not form.errors else 422
    return render_template("accounts/login.html", form=form), status


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
