"""Who may enter /manage, decided once for the whole area.

Every view under /manage is open to admins and editors unless it says otherwise with
``@allow_roles``; object-level rules (a partner editing only their own organisation) are
then checked by the editing views.
"""

from collections.abc import Callable

from flask import Flask, abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user

from app.accounts.models import Role
from app.areas import MANAGE_PREFIX

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
    """A save arrived without a session: ask to sign in again, with a 401.

    A record's edit form signed for this address carries its text along, to be offered
    back after sign-in (app.editing.resume); any other form's fields are dropped here.
    """
    from app.accounts.forms import LoginForm
    from app.editing.resume import carry_fields

    # Not bound to the request: that form's fields are the save's, never the sign-in's.
    form = LoginForm(formdata=None)
    form.next.data = request.path
    form.resume.data = carry_fields()
    resuming = form.resume.data is not None
    return render_template(
        "accounts/login.html", form=form, resuming=resuming, dropped=not resuming
    ), 401


def no_store(response):
    if in_manage_area():
        response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    app.before_request(protect)
    app.after_request(no_store)
