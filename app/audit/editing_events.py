"""The audit log's entries for what editing announces (``app.editing.signals``)."""

from app.audit.services import record_event
from app.editing import signals

# The log's action for each signal; a save's depends on its outcome.
ACTIONS = {
    signals.record_created: "create",
    signals.edit_submitted: "submit",
    signals.submission_accepted: "accept",
    signals.submission_declined: "decline",
    signals.record_published: "publish",
    signals.record_unpublished: "unpublish",
    signals.record_trashed: "trash",
    signals.record_restored: "untrash",
}
SAVE_ACTIONS = {"merged": "merged", "conflict": "conflict"}  # otherwise "save"


def _logger(action: str):
    def log(record, *, user=None, detail: str = "", **_extra) -> None:
        record_event(action, actor=user, record=record, detail=detail)

    return log


# Made once, so that connecting again (an app per test) finds the same receivers.
LOGGERS = {signal: _logger(action) for signal, action in ACTIONS.items()}


def log_save(record, *, user=None, detail: str = "", outcome=None, **_extra) -> None:
    action = SAVE_ACTIONS.get(str(outcome), "save")
    record_event(action, actor=user, record=record, detail=detail)


def log_purge(_record, *, user=None, detail: str = "", **_extra) -> None:
    # The record is gone: the entry names it in its detail only.
    record_event("purge", actor=user, detail=detail)


def connect() -> None:
    """Subscribe the log to editing's signals (connecting again changes nothing)."""
    for signal, log in LOGGERS.items():
        signal.connect(log)
    signals.record_saved.connect(log_save)
    signals.record_purged.connect(log_purge)
