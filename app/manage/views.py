from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.models import Role
from app.audit.services import record_event
from app.editing.models import RevisionKind, Status
from app.editing.registry import all_kinds
from app.extensions import db
from app.features import partner_panels
from app.manage import bp
from app.manage.access import allow_roles
from app.manage.first_steps import current_checklist, dismiss_checklist
from app.manage.services import (
    audit_events,
    open_revisions,
    recent_changes,
    records_with,
    unpublished_changes,
)
from app.site.forms import SiteSettingsForm
from app.site.services import save_settings, site_settings
from app.translating.services import completeness, target_languages


@bp.route("/")
@allow_roles(Role.ADMIN, Role.EDITOR, Role.PARTNER)
def dashboard():
    if current_user.has_role(Role.PARTNER):
        panels = [(panel.template, panel.gather()) for panel in partner_panels()]
        return render_template("manage/partner_dashboard.html", kinds=all_kinds(), panels=panels)
    return render_template(
        "manage/dashboard.html",
        drafts=records_with(Status.DRAFT),
        unpublished=unpublished_changes(),
        conflicts=open_revisions(RevisionKind.CONFLICT),
        submissions=open_revisions(RevisionKind.SUBMITTED),
        recent=recent_changes(),
        trashed=len(records_with(Status.TRASHED)),
        kinds=all_kinds(),
        translation_completeness=completeness() if target_languages() else [],
        first_steps=current_checklist(),
    )


@bp.route("/first-steps/dismiss", methods=["POST"])
@allow_roles(Role.ADMIN)
def dismiss_first_steps():
    record_event("first_steps_dismissed", actor=current_user)
    dismiss_checklist()
    flash(_("The first steps are hidden for everyone."), "success")
    return redirect(url_for("manage.dashboard"), code=303)


@bp.route("/trash/")
def trash():
    return render_template("manage/trash.html", entries=records_with(Status.TRASHED))


@bp.route("/audit/")
@allow_roles(Role.ADMIN)
def audit():
    return render_template("manage/audit.html", events=audit_events())


@bp.route("/settings/", methods=["GET", "POST"])
@allow_roles(Role.ADMIN)
def settings():
    form = SiteSettingsForm(data=site_settings())
    if form.validate_on_submit():
        save_settings(
            {
                "name": form.name.data,
                "tagline": form.tagline.data,
                "about": form.about.data,
                "require_second_factor": "1" if form.require_second_factor.data else "",
            }
        )
        record_event("settings", actor=current_user, detail=form.name.data)
        db.session.commit()
        flash(_("Settings saved."), "success")
        return redirect(url_for("manage.settings"), code=303)
    status = 422 if form.errors else 200
    return render_template("manage/settings.html", form=form), status
