"""Who may enter /manage, decided once for the whole area.

Every view under /manage is open to admins and editors unless it says otherwise with
``@allow_roles``; object-level rules (a partner editing only their own organisation) are
then checked by the editing views.
"""

import json
from collections.abc import Callable

from flask import Flask, abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user

from app.accounts.models import Role

MANAGE_PREFIX = "/manage"
DEFAULT_ROLES = frozenset({Role.ADMIN, Role.EDITOR})


def allow_roles(*roles: Role) -> Callable:
    """Mark a /manage view as open to exactly these roles."""

    def mark(view):
        view.allowed_roles = frozenset(roles)
        return view

    return mark


def roles_for(endpoint: str | None) -> frozenset[Role]:
    view = current_app.view_functions.get(endpoint or "")
    return getattr(view, "allowed_roles", DEFAULT_ROLES)


def in_manage_area() -> bool:
    return request.path == MANAGE_PREFIX or request.path.startswith(MANAGE_PREFIX + "/")


def protect() -> object | None:
    if not in_manage_area():
        return None
    if not current_user.is_authenticated:
        if request.method == "POST" and request.form:
            return resume_after_login()
        return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")), code=303)
    if current_user.role not in roles_for(request.endpoint):
        abort(403)
    return None


def resume_after_login():
    """A save arrived after the session ended: ask to sign in, carrying the text along."""
    fields = [(key, value) for key, value in request.form.items(multi=True) if key != "csrf_token"]
    from app.accounts.forms import LoginForm

    form = LoginForm()
    form.next.data = request.path
    form.resume.data = json.dumps(fields, ensure_ascii=False)
    return render_template("accounts/login.html", form=form, resuming=True), 401


def no_store(response):
    if in_manage_area():
        response.headers["Cache-Control"] = "no-store"
    return response


def register(app: Flask) -> None:
    app.before_request(protect)
    app.after_request(no_store)
