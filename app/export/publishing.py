"""The Publish button: run the export in the background and report its progress.

A run is a row in the database, so every worker (and every coordinator's browser) sees the
same progress. Which records changed since the last good export comes from the audit log:
those changes are what an incremental run re-renders, and their count is what /manage shows
as "not yet published".
"""

import enum
import json
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from flask import Flask, current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import String, Text, select, update
from sqlalchemy.orm import Mapped, mapped_column

from app.accounts.models import User, utcnow
from app.audit.models import AuditEvent
from app.extensions import db
from app.features import public_actions

# How often a running export writes its progress to the database, in seconds.
PROGRESS_INTERVAL = 0.5


class RunStatus(enum.StrEnum):
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class PublishRun(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(20), default=RunStatus.RUNNING.value)
    mode: Mapped[str] = mapped_column(String(20), default="")
    phase: Mapped[str] = mapped_column(String(20), default="start")
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int] = mapped_column(default=0)
    pages: Mapped[int] = mapped_column(default=0)
    # The changes this run publishes, as JSON [[record_type, record_id], ...].
    changes: Mapped[str] = mapped_column(Text, default="[]")
    problems: Mapped[str] = mapped_column(Text, default="")
    requested_by_id: Mapped[int | None]

    @property
    def percent(self) -> int:
        if self.status != RunStatus.RUNNING:
            return 100
        return int(100 * self.done / self.total) if self.total else 0


def last_good_run() -> PublishRun | None:
    return db.session.scalars(
        select(PublishRun)
        .where(PublishRun.status == RunStatus.DONE.value)
        .order_by(PublishRun.id.desc())
    ).first()


def age_in_words(moment: datetime, now: datetime | None = None) -> str:
    """How long ago ``moment`` was, as a coordinator says it: "just now", "5 minutes ago",
    "3 hours ago", "2 days ago". A naive ``moment`` is taken as UTC (SQLite drops the zone)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    seconds = max(0, ((now or utcnow()) - moment).total_seconds())
    minutes, hours, days = int(seconds // 60), int(seconds // 3600), int(seconds // 86400)
    if minutes < 1:
        return _("just now")
    if hours < 1:
        return ngettext("%(num)d minute ago", "%(num)d minutes ago", minutes)
    if days < 1:
        return ngettext("%(num)d hour ago", "%(num)d hours ago", hours)
    return ngettext("%(num)d day ago", "%(num)d days ago", days)


def current_run() -> PublishRun | None:
    return db.session.scalars(select(PublishRun).order_by(PublishRun.id.desc())).first()


def pending_changes() -> list[AuditEvent]:
    """Changes the public copy does not show yet: public actions since the last good run."""
    query = select(AuditEvent).where(AuditEvent.action.in_(sorted(public_actions())))
    last = last_good_run()
    if last is not None:
        query = query.where(AuditEvent.created_at >= last.started_at)
    return list(db.session.scalars(query.order_by(AuditEvent.id)))


def changed_records(events: list[AuditEvent]) -> list[list]:
    """The (record_type, id) pairs to re-render; None as id means the whole kind."""
    keys = []
    for event in events:
        if event.action == "settings":
            key = ["setting", None]
        elif event.record_type:
            key = [event.record_type, event.record_id]
        else:  # a purge: the record is gone, so everything that listed its kind may change
            key = [(event.detail or "").split(" ", 1)[0] or "*", None]
        if key not in keys:
            keys.append(key)
    return keys


def start_publish(user: User | None, app: Flask | None = None) -> PublishRun:
    """Start an export in a background thread, unless one is running; returns the run."""
    running = current_run()
    if running is not None and running.status == RunStatus.RUNNING.value:
        return running
    has_export = last_good_run() is not None
    changes = changed_records(pending_changes()) if has_export else None
    run = PublishRun(
        requested_by_id=user.id if user else None,
        changes=json.dumps(changes) if changes is not None else "null",
    )
    db.session.add(run)
    db.session.flush()
    run_id = run.id
    # Commit and start no new transaction here: the export thread writes to this table.
    db.session.commit()
    app = app or current_app._get_current_object()
    thread = threading.Thread(target=_run, args=(app, run_id), daemon=True, name="publish")
    thread.start()
    if app.config.get("PUBLISH_IN_FOREGROUND"):
        thread.join()  # tests: the run is finished when the request is
    return run


def _run(app: Flask, run_id: int) -> None:
    from app.export.services import run_export

    with app.app_context():
        run = db.session.get(PublishRun, run_id)
        changes = json.loads(run.changes)
        db.session.commit()
        written_at, written_phase = 0.0, ""

        def progress(step) -> None:
            # The export reads the records in one long transaction of its own session, so
            # progress goes through a connection of its own, never through that session.
            # A new phase is always written: the search index phase of an update comes
            # right after its pages, and lasts long enough for the page to say so.
            nonlocal written_at, written_phase
            now = time.monotonic()
            if step.phase == written_phase and now - written_at < PROGRESS_INTERVAL:
                return
            written_at, written_phase = now, step.phase
            with db.engine.begin() as connection:
                connection.execute(
                    update(PublishRun)
                    .where(PublishRun.id == run_id)
                    .values(phase=step.phase, done=step.done, total=step.total)
                )

        try:
            report = run_export(
                zip_path=app.config["EXPORT_ZIP"] or Path(app.instance_path) / "offline.zip",
                base_url=app.config["EXPORT_BASE_URL"] or None,
                changes=[tuple(change) for change in changes] if changes is not None else None,
                progress=progress,
                app=app,
            )
        except Exception as error:  # a crash must still end the run, or the button stays stuck
            app.logger.exception("Publishing failed")
            db.session.rollback()
            run = db.session.get(PublishRun, run_id)
            run.status, run.problems = RunStatus.FAILED.value, f"The export crashed: {error}"
        else:
            run = db.session.get(PublishRun, run_id)
            db.session.refresh(run)
            run.mode, run.pages = report.mode, report.pages
            run.status = RunStatus.DONE.value if report.ok else RunStatus.FAILED.value
            run.problems = "\n".join(str(problem) for problem in report.problems[:50])
        run.finished_at = utcnow()
        db.session.commit()
        db.session.remove()
