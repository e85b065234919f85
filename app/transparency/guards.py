"""Refusals that protect the public record, shown to coordinators as a message, not an error.

Some changes must never happen, whichever page asks for them: approved minutes changing
their text, draft minutes going public, a meeting deleted while decisions point to it.
The models raise ``RecordLocked`` when asked; the handler here undoes whatever the request
had started, flashes the reason and sends the coordinator back to the record.
"""

from flask import flash, redirect, request, url_for
from werkzeug.exceptions import Conflict

from app.extensions import db


class RecordLocked(Exception):  # noqa: N818 (a refusal, not a programming error)
    """A change the record refuses; ``message`` is for the coordinator who asked."""

    def __init__(self, message: str, record=None, record_type=None, record_id=None):
        super().__init__(message)
        self.message = message
        # Taken now: after the rollback the record's attributes may no longer load.
        self.record_type = record_type or getattr(record, "record_type", None)
        self.record_id = record_id or getattr(record, "id", None)


def handle_locked(error: RecordLocked):
    db.session.rollback()
    if request.method == "GET":
        raise Conflict(error.message)
    flash(error.message, "error")
    target = request.referrer or url_for("manage.dashboard")
    if error.record_type and error.record_id:
        target = url_for("editing.edit", record_type=error.record_type, record_id=error.record_id)
    return redirect(target, code=303)


def init_app(app) -> None:
    app.register_error_handler(RecordLocked, handle_locked)
