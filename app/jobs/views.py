"""/manage/jobs/: the queue as administrators see it, and Retry for a failed job."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from app.accounts.models import Role
from app.jobs import manage_bp as bp
from app.jobs.failures import failed_jobs, retry_failed_job
from app.jobs.overview import periodic_jobs, running_work, scheduled_jobs, waiting_jobs
from app.manage.access import allow_roles


@bp.route("/")
@allow_roles(Role.ADMIN)
def jobs():
    waiting, waiting_count = waiting_jobs()
    scheduled, scheduled_count = scheduled_jobs()
    return render_template(
        "jobs/jobs.html",
        waiting=waiting,
        waiting_count=waiting_count,
        scheduled=scheduled,
        scheduled_count=scheduled_count,
        running=running_work(),
        failed=failed_jobs(),
        periodic=periodic_jobs(),
    )


@bp.route("/failed/<int:job_id>/retry", methods=["POST"])
@allow_roles(Role.ADMIN)
def retry(job_id: int):
    if retry_failed_job(job_id):
        flash(_("The job is queued again."), "info")
    else:
        flash(_("That job is no longer in the list of failed jobs."), "warning")
    return redirect(url_for("jobs.manage.jobs"), code=303)
