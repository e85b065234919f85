"""Notices for what the export announces (``app.export.signals``)."""

from app.export.signals import publish_failed
from app.extensions import db
from app.notifications import kinds
from app.notifications.links import absolute_url
from app.notifications.notices import notify
from app.notifications.recipients import coordinators


def tell_of_failed_publish(_app, *, run, **_extra) -> None:
    # Sent once the run's end is committed: these notices are a transaction of their own.
    problems = (run.problems or "").strip().splitlines()
    notify(
        coordinators(),
        kinds.PUBLISH_FAILED,
        "publish-failed",
        absolute_url("export.manage.publish"),
        detail=problems[0] if problems else "",
    )
    db.session.commit()


def connect() -> None:
    """Subscribe to the export's signals (connecting again changes nothing)."""
    publish_failed.connect(tell_of_failed_publish)
