"""The secretariat's directory pages under /manage: applications to join, CSV import, and
the partners a picker offers for a typed text."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.extensions import db
from app.htmx import render_page
from app.partners.applications import (
    accept_application,
    decided_applications,
    decline_application,
    pending_applications,
)
from app.partners.csvdata import COLUMNS, import_csv
from app.partners.forms import ImportForm
from app.partners.models import JoinApplication
from app.transparency.partner_names import search_partners

# Enough to find one partner by a few letters; a longer list is read, not picked from.
MOST_CHOICES = 10

# Under /manage, registered by the partners feature: endpoints "partners.manage.<view>".
bp = Blueprint("manage", __name__, url_prefix="/partner")


@bp.route("/applications/")
def applications():
    return render_template(
        "partners/manage_applications.html",
        pending=pending_applications(),
        decided=decided_applications(),
    )


@bp.route(
    "/applications/<int:application_id>/<any(accept,decline):verb>",
    methods=["POST"],
)
def decide_application(application_id: int, verb: str):
    application = db.session.get(JoinApplication, application_id)
    if application is None:
        abort(404)
    if application.status != "pending":
        flash(_("This application was already decided."), "warning")
        return redirect(url_for("partners.manage.applications"), code=303)
    if verb == "decline":
        decline_application(application, current_user)
        flash(_("Declined the application of %(name)s.", name=application.name), "success")
        return redirect(url_for("partners.manage.applications"), code=303)
    organisation = accept_application(application, current_user)
    flash(
        _(
            "%(name)s is now a draft partner. Check the entry, then publish it.",
            name=organisation.name,
        ),
        "success",
    )
    return redirect(
        url_for("editing.edit", record_type="partner", record_id=organisation.id), code=303
    )


@bp.route("/import", methods=["GET", "POST"])
def import_partners():
    form = ImportForm()
    report = None
    if form.validate_on_submit():
        data = form.file.data.read()
        dry_run = request.form.get("action") != "import"
        report = import_csv(
            data,
            current_user,
            publish=form.publish.data,
            dry_run=dry_run,
            source=form.file.data.filename or "CSV upload",
        )
        if report.ok and not dry_run:
            flash(_("Imported %(n)d organisations.", n=report.written), "success")
            return redirect(url_for("editing.index", record_type="partner"), code=303)
    status = 422 if request.method == "POST" and (report is None or not report.ok) else 200
    return render_template(
        "partners/manage_import.html", form=form, report=report, columns=COLUMNS
    ), status


@bp.route("/choices")
def choices():
    """The partners a text names, for a partner picker (the fragment) or as a page.

    Open to who may edit meetings, actions and funding: the /manage default roles.
    """
    query = request.args.get("q", "")[:200]
    return render_page(
        "partners/manage_choices.html",
        "partners/_choices.html",
        query=query,
        choices=search_partners(query, limit=MOST_CHOICES),
    )
