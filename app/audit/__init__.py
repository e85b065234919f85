"""The audit log: one record of who did what, to which account or record, from where.

Accounts write sign-ins, failures, locks and resets; every save, publish and trash of the
editing mechanism is logged from the signals it sends. Admins read it at /manage/audit/.
"""


def connect_signals() -> None:
    """Log what editing announces (see ``app.audit.editing_events``)."""
    from app.audit import editing_events

    editing_events.connect()


def init_app(app) -> None:
    """The audit log's labels for templates, and its subscription to editing's signals."""
    from app.audit import labels

    labels.init_app(app)
    connect_signals()
