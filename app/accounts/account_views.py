"""A signed-in user's own settings at /manage/account/: the language of /manage.

Open to every role that may enter /manage; each user changes only their own account.
"""

from flask import flash, redirect, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts import bp
from app.accounts.forms import BROWSER_LANGUAGE, PreferencesForm
from app.accounts.models import Role
from app.accounts.services import set_language
from app.i18n import coordinators_language
from app.manage.access import allow_roles


@bp.route("/manage/account/", methods=["GET", "POST"])
@allow_roles(Role.ADMIN, Role.EDITOR, Role.PARTNER)
def account():
    form = PreferencesForm(data={"language": current_user.language or BROWSER_LANGUAGE})
    if form.validate_on_submit():
        set_language(current_user, form.language.data)
        with force_locale(coordinators_language()):  # the language just chosen
            flash(_("Your language is saved."), "success")
        return redirect(url_for("accounts.account"), code=303)
    status = 422 if form.errors else 200
    return render_template("accounts/account.html", form=form), status
