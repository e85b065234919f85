"""The notifications' pages: the choices on /manage/account/, and the yearly check's
confirmation page, which its mail links to."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.account_views import EVERYONE, render_account
from app.manage.access import allow_roles
from app.notifications import bp, manage_bp
from app.notifications.forms import choices_of, preferences_form, rows_of
from app.notifications.preferences import chosen_deliveries, save_preferences
from app.notifications.yearly_check import entry_of_link
from app.partners import confirmation
from app.partners.freshness import freshness_of


def account_section(sent_form):
    """The notifications table of the account page: the form sent back, or a blank one."""
    user = current_user._get_current_object()
    form = sent_form or preferences_form(user.role, chosen_deliveries(user), formdata=None)
    return {"form": form, "rows": rows_of(form, user.role)}


@manage_bp.route("/notifications", methods=["POST"])
@allow_roles(*EVERYONE)
def save_choices():
    user = current_user._get_current_object()
    form = preferences_form(user.role, chosen_deliveries(user))
    if not form.validate_on_submit():
        return render_account(422, sent={"notifications": form})
    save_preferences(user, choices_of(form, user.role))
    flash(_("Your notification choices are saved."), "success")
    return redirect(url_for("accounts.manage.account", _anchor="notifications"), code=303)


@bp.route("/confirm-entry/<token>", methods=["GET", "POST"])
def confirm_entry(token: str):
    """GET shows the entry's freshness and one button; POST (that button) confirms.

    The link itself changes nothing: mail filters open links to scan them, and must not
    confirm an entry nobody read.
    """
    signed = entry_of_link(token)
    if signed is None:
        return render_template("notifications/confirm_refused.html"), 400
    partner, user = signed
    confirmed = False
    if request.method == "POST":  # CSRF checked, like every POST
        confirmation.confirm_entry(partner, user)
        confirmed = True
    return render_template(
        "notifications/confirm.html",
        partner=partner,
        freshness=freshness_of(partner.last_confirmed_on),
        confirmed=confirmed,
        token=token,
    )
