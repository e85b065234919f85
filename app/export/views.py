"""/manage/publish/: the Publish button, the progress bar and the state of the public copy."""

from flask import Blueprint, abort, redirect, send_file, url_for
from flask_login import current_user

from app.accounts.models import User
from app.export.describe import event_label, record_label, run_change_labels
from app.export.publishing import (
    RunStatus,
    age_in_words,
    changed_records,
    current_run,
    last_good_run,
    offline_zip_path,
    pending_changes,
    phase_label,
    start_publish,
)
from app.extensions import db
from app.htmx import render_page
from app.uploads.services import human_size

# Under /manage, registered by the export feature: endpoints "export.manage.<view>".
bp = Blueprint("manage", __name__, url_prefix="/publish")


def offline_zip() -> dict | None:
    """The offline bundle the Publish button last wrote: its size in words, or None."""
    path = offline_zip_path()
    if not path.is_file():
        return None
    return {"size": human_size(path.stat().st_size)}


def publish_context() -> dict:
    pending = pending_changes()
    last_good = last_good_run()
    run = current_run()
    interrupted = run is not None and run.is_interrupted()
    by_id = run.requested_by_id if run else None
    requested_by = db.session.get(User, by_id) if by_id else None
    return {
        "run": run,
        "running": run is not None and run.status == RunStatus.RUNNING and not interrupted,
        "interrupted": interrupted,
        "requested_by": requested_by,
        "started_age": age_in_words(run.started_at) if run else None,
        "last_good": last_good,
        "last_good_age": age_in_words(last_good.finished_at) if last_good else None,
        "offline_zip": offline_zip(),
        "pending": pending,
        "pending_records": changed_records(pending),
        "RunStatus": RunStatus,
        "record_label": record_label,
        "event_label": event_label,
        "phase_label": phase_label,
        "published_changes": run_change_labels(run.changes) if run else None,
    }


@bp.route("/")
def publish():
    # htmx polls this URL while a run is going; the fragment stops polling once it ends.
    return render_page("export/publish.html", "export/_publish_status.html", **publish_context())


@bp.route("/", methods=["POST"])
def start():
    # No flashed message: it would stay on the page after htmx replaced the status with
    # the finished run's. The status block says who started the run, and when.
    start_publish(current_user)
    return redirect(url_for("export.manage.publish"), code=303)


@bp.route("/offline.zip")
def offline_bundle():
    """The offline bundle, for coordinators (the /manage area's roles) to pass on."""
    path = offline_zip_path()
    if not path.is_file():
        abort(404)
    return send_file(path, mimetype="application/zip", as_attachment=True,
                     download_name=path.name, max_age=0)  # fmt: skip
