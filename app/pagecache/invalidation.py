"""A new content generation after every commit that wrote what a public page can show.

Written: a row of any table but those no public page reads (a sign-in, a notice, a
Publish run), or an audit entry of a public action (``app.features.public_actions``: the
actions after which the export is redone). Any other table, a new one included, counts
as public: a page rendered again costs milliseconds, a page kept after an edit misleads.
Noted while the session flushes (or runs a bulk update), acted on after the commit, so a
page rendered between the two is out of date at once.
"""

from flask import current_app, has_app_context
from flask_sqlalchemy.session import Session
from sqlalchemy import event

from app.audit.models import AuditEvent
from app.features import public_actions
from app.pagecache.generation import new_generation

PRIVATE_TABLES = frozenset({
    "audit_event", "failed_job", "notice", "notification_preference", "one_time_link",
    "publish_run", "recovery_code", "reminder_sent", "second_factor", "sign_in_failures",
    "sign_in_session",
})  # fmt: skip
CHANGED = "public_pages_changed"


def _shows_on_public_pages(instance) -> bool:
    if isinstance(instance, AuditEvent):
        return not has_app_context() or instance.action in public_actions()
    table = getattr(instance, "__table__", None)
    return table is None or table.name not in PRIVATE_TABLES


def note_flush(session, _flush_context) -> None:
    changed = [*session.new, *session.deleted]
    changed += [obj for obj in session.dirty if session.is_modified(obj)]
    if any(_shows_on_public_pages(instance) for instance in changed):
        session.info[CHANGED] = True


def note_bulk_write(state) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        if getattr(table, "name", None) not in PRIVATE_TABLES:
            state.session.info[CHANGED] = True


def new_generation_after_commit(session) -> None:
    # A rolled-back change leaves the mark for the next commit: one page rendered again.
    if not (session.info.pop(CHANGED, False) and has_app_context()):
        return
    try:
        new_generation(current_app)
    except OSError:
        # The change is committed; a full disk must not turn its answer into an error.
        # Other workers' pages then go out of date within PUBLIC_MAX_AGE.
        current_app.logger.exception("Could not write the page cache's generation")


LISTENERS = (
    ("after_flush", note_flush),
    ("do_orm_execute", note_bulk_write),
    ("after_commit", new_generation_after_commit),
)


def listen() -> None:
    """Watch every Flask-SQLAlchemy session of the process (again: nothing more)."""
    for name, listener in LISTENERS:
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)
