from flask import render_template
from flask_login import current_user

from app.accounts.models import Role
from app.editing.models import RevisionKind, Status
from app.editing.registry import all_kinds
from app.manage import bp
from app.manage.access import allow_roles
from app.manage.services import (
    audit_events,
    open_revisions,
    recent_changes,
    records_with,
    unpublished_changes,
)


@bp.route("/")
@allow_roles(Role.ADMIN, Role.EDITOR, Role.PARTNER)
def dashboard():
    if current_user.has_role(Role.PARTNER):
        return render_template("manage/partner_dashboard.html", kinds=all_kinds())
    return render_template(
        "manage/dashboard.html",
        drafts=records_with(Status.DRAFT),
        unpublished=unpublished_changes(),
        conflicts=open_revisions(RevisionKind.CONFLICT),
        submissions=open_revisions(RevisionKind.SUBMITTED),
        recent=recent_changes(),
        trashed=len(records_with(Status.TRASHED)),
        kinds=all_kinds(),
    )


@bp.route("/trash/")
def trash():
    return render_template("manage/trash.html", entries=records_with(Status.TRASHED))


@bp.route("/audit/")
@allow_roles(Role.ADMIN)
def audit():
    return render_template("manage/audit.html", events=audit_events())
