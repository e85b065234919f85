"""Background jobs: a huey queue, run by `flask worker` (or by the development server).

Features declare jobs with ``@queue.task(retries=..., retry_delay=...)`` and periodic ones
with ``@queue.periodic_task(crontab(...))``; calling a task queues it. Jobs run inside an app
context. A job that fails after its last retry is recorded (``app.jobs.failures``) and
listed at /manage/jobs/, where an administrator queues it again.
"""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

from app.jobs.queue import queue

# cli_group=None puts `flask worker` at the top level, as DESIGN.md names it.
bp = Blueprint("jobs", __name__, cli_group=None)
# /manage/jobs/: endpoints "jobs.manage.<view>".
manage_bp = Blueprint("manage", __name__, url_prefix="/jobs")


def init_app(app: Flask) -> None:
    from app.features import Feature, Link, register_feature
    from app.jobs import cli, failures, views  # noqa: F401  (commands, signal, routes)
    from app.jobs.consumer import start_embedded_consumer, started_by_flask_run

    queue.configure(app)
    register_feature(
        app,
        Feature(
            "jobs",
            bp,
            manage_blueprint=manage_bp,
            manage_links=(Link("jobs.manage.jobs", _l("Jobs"), group="publishing"),),
        ),
    )
    if started_by_flask_run():
        start_embedded_consumer(app)


def register_running(app: Flask, describe) -> None:
    """Name work in progress for /manage/jobs/: ``describe()`` returns a list of strings.

    huey cannot tell which jobs another process is running; a feature that records its own
    progress (Publish) tells the page here.
    """
    app.extensions.setdefault("jobs_running", []).append(describe)


__all__ = ["bp", "init_app", "queue", "register_running"]
