"""/manage/publish/: the Publish button, the progress bar and the state of the public copy."""

from flask import Blueprint, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.export.describe import record_label, run_change_labels
from app.export.publishing import (
    RunStatus,
    age_in_words,
    changed_records,
    current_run,
    last_good_run,
    pending_changes,
    start_publish,
)
from app.htmx import render_page

# Under /manage, registered by the export feature: endpoints "export.manage.<view>".
bp = Blueprint("manage", __name__, url_prefix="/publish")


def publish_context() -> dict:
    pending = pending_changes()
    last_good = last_good_run()
    run = current_run()
    interrupted = run is not None and run.is_interrupted()
    return {
        "run": run,
        "running": run is not None and run.status == RunStatus.RUNNING and not interrupted,
        "interrupted": interrupted,
        "last_good": last_good,
        "last_good_age": age_in_words(last_good.finished_at) if last_good else None,
        "pending": pending,
        "pending_records": changed_records(pending),
        "RunStatus": RunStatus,
        "record_label": record_label,
        "published_changes": run_change_labels(run.changes) if run else None,
    }


@bp.route("/")
def publish():
    # htmx polls this URL while a run is going; the fragment stops polling once it ends.
    return render_page("export/publish.html", "export/_publish_status.html", **publish_context())


@bp.route("/", methods=["POST"])
def start():
    run, started = start_publish(current_user)
    if started:
        flash(_("Publishing has started."), "info")
    else:
        flash(_("A publish is already under way; this one follows its progress."), "info")
    return redirect(url_for("export.manage.publish"), code=303)
