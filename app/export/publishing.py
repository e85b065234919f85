"""The Publish button: run the export as a background job and report its progress.

A run is a row in the database, so every worker (and every coordinator's browser) sees the
same progress. Which records changed since the last good export comes from the audit log:
those changes are what an incremental run re-renders, and their count is what /manage shows
as "not yet published".

One run at a time, on one machine or several: a run takes the "running" slot by inserting
its row, which a unique index on the running status lets only one row hold (app/export/
publishing_slot.py). A running run writes a heartbeat every few seconds; one whose heartbeat
stopped (its process was killed) is shown as interrupted, and gives the slot up to the next.
"""

import enum
import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime, timedelta
from pathlib import Path

from flask import Flask, current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import Index, String, Text, select, text, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from app.accounts.models import User, utcnow
from app.audit.models import AuditEvent
from app.export.report import ExportReport, Progress
from app.export.signals import publish_failed
from app.extensions import db
from app.features import public_actions
from app.jobs import queue

# How often a running export writes its progress to the database, in seconds.
PROGRESS_INTERVAL = 0.5
# How often a running export writes its heartbeat, at most: more often when the timeout
# is short, so that a live run is never taken for a stopped one.
HEARTBEAT_INTERVAL = 5.0


# What a run is doing, in a coordinator's words (Progress.phase, plus "start", "queued").
PHASES = {
    "start": _l("starting"),
    "queued": _l("waiting for a worker"),
    "render": _l("writing the pages"),
    "index": _l("building the search index"),
    "check": _l("checking the links"),
    "zip": _l("making the offline copy"),
    "swap": _l("putting the pages in place"),
    "reindex": _l("updating the search index"),
    "done": _l("finishing"),
}


def phase_label(phase: str) -> str:
    return str(PHASES.get(phase, phase))


class RunStatus(enum.StrEnum):
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    # Its process stopped before it finished; a later run took the slot.
    INTERRUPTED = "interrupted"


class PublishRun(db.Model):
    __table_args__ = (
        # At most one running run: the slot two Publish presses (or `flask freeze`) race
        # for is the right to insert this row.
        Index(
            "uq_publish_run_running",
            "status",
            unique=True,
            sqlite_where=text("status = 'running'"),
            postgresql_where=text("status = 'running'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    # Written every few seconds while the run works (see HEARTBEAT_INTERVAL).
    heartbeat_at: Mapped[datetime | None]
    # "button" (/manage/publish/) or "command" (flask freeze).
    requested_via: Mapped[str] = mapped_column(String(20), default="button")
    # False for `flask freeze --out` elsewhere: that copy is not the public one, so the
    # changes since the last public copy are still to publish.
    is_public_copy: Mapped[bool] = mapped_column(default=True)
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

    @property
    def last_sign_of_life(self) -> datetime:
        return self.heartbeat_at or self.started_at

    def is_interrupted(self, now: datetime | None = None) -> bool:
        """Whether the run stopped before it finished: marked so, or still "running" with a
        heartbeat older than PUBLISH_HEARTBEAT_TIMEOUT."""
        if self.status == RunStatus.INTERRUPTED:
            return True
        if self.status != RunStatus.RUNNING:
            return False
        last = self.last_sign_of_life
        if last.tzinfo is None:
            last = last.replace(tzinfo=UTC)
        return last < (now or utcnow()) - heartbeat_timeout()


def heartbeat_timeout() -> timedelta:
    return timedelta(seconds=current_app.config["PUBLISH_HEARTBEAT_TIMEOUT"])


def last_good_run() -> PublishRun | None:
    return db.session.scalars(
        select(PublishRun)
        .where(PublishRun.status == RunStatus.DONE.value, PublishRun.is_public_copy)
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


def offline_zip_path(app: Flask | None = None) -> Path:
    """Where the Publish button writes the offline bundle (the EXPORT_ZIP setting)."""
    app = app or current_app
    return Path(app.config["EXPORT_ZIP"] or Path(app.instance_path) / "offline.zip")


def current_run() -> PublishRun | None:
    return db.session.scalars(select(PublishRun).order_by(PublishRun.id.desc())).first()


def running_publish() -> list[str]:
    """The running Publish, as /manage/jobs/ lists work in progress."""
    run = current_run()
    if run is None or run.status != RunStatus.RUNNING or run.is_interrupted():
        return []
    return [
        _("Publish: %(done)d of %(total)d pages (%(phase)s), started %(age)s.",
          done=run.done, total=run.total, phase=phase_label(run.phase),
          age=age_in_words(run.started_at))
    ]  # fmt: skip


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


def new_changes() -> str:
    """The changes a new run publishes, as stored: "null" for a full export."""
    has_export = last_good_run() is not None
    changes = changed_records(pending_changes()) if has_export else None
    return json.dumps(changes) if changes is not None else "null"


def start_publish(user: User | None) -> tuple[PublishRun, bool]:
    """Queue an export as a job, unless a run holds the slot: returns the run, and whether
    it is a new one."""
    from app.export.publishing_slot import take_slot

    run, started = take_slot(requested_by=user, changes=new_changes())
    if started:
        try:
            publish_job(run.id)
        except Exception as error:  # the queue is unreachable: free the slot, say why
            end_run(current_app._get_current_object(), run.id, error=error)
            raise
    return run, started


@queue.task()
def publish_job(run_id: int) -> None:
    """Run the export of run ``run_id`` (queued by the Publish button)."""
    from app.export.services import run_export

    app = current_app._get_current_object()

    def export(progress: Callable[[Progress], None], changes) -> ExportReport:
        return run_export(
            zip_path=offline_zip_path(app),
            base_url=app.config["EXPORT_BASE_URL"] or None,
            changes=changes,
            progress=progress,
            app=app,
        )

    run = db.session.get(PublishRun, run_id)
    if run is None or run.status != RunStatus.RUNNING:
        return  # queued again after it ended (a retry from /manage/jobs/): nothing to do
    # A failure is recorded as the run's, and shown on /manage/publish/.
    with suppress(Exception):
        record_run(app, run_id, export)


def record_run(
    app: Flask,
    run_id: int,
    export: Callable[[Callable[[Progress], None], list | None], ExportReport],
) -> ExportReport:
    """Run ``export(progress, changes)`` for run ``run_id``, writing its progress and
    heartbeat, then its outcome; returns the report. An exception is recorded as a failed
    run, then raised again."""
    run = db.session.get(PublishRun, run_id)
    stored = json.loads(run.changes)
    changes = [tuple(change) for change in stored] if stored is not None else None
    db.session.commit()
    try:
        with heartbeat(app, run_id):
            report = export(progress_writer(run_id), changes)
    except Exception as error:  # a crash must still end the run, or the button stays stuck
        app.logger.exception("Publishing failed")
        end_run(app, run_id, error=error)
        raise
    end_run(app, run_id, report=report)
    return report


def progress_writer(run_id: int) -> Callable[[Progress], None]:
    """A progress callback that writes the run's phase and counts, and its heartbeat."""
    written_at, written_phase = 0.0, ""

    def progress(step: Progress) -> None:
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
                .values(phase=step.phase, done=step.done, total=step.total, heartbeat_at=utcnow())
            )

    return progress


@contextmanager
def heartbeat(app: Flask, run_id: int) -> Iterator[None]:
    """Write the run's heartbeat from a thread of its own while the block runs: a phase
    that reports no progress for a long while (zipping, indexing) still shows the run
    alive."""
    interval = min(HEARTBEAT_INTERVAL, app.config["PUBLISH_HEARTBEAT_TIMEOUT"] / 4)
    stop = threading.Event()

    def beat() -> None:
        with app.app_context():
            while not stop.wait(interval):
                try:
                    with db.engine.begin() as connection:
                        connection.execute(
                            update(PublishRun)
                            .where(PublishRun.id == run_id)
                            .values(heartbeat_at=utcnow())
                        )
                except SQLAlchemyError:  # a busy database: the next beat will do
                    app.logger.warning("Could not write the publish heartbeat", exc_info=True)

    thread = threading.Thread(target=beat, daemon=True, name="publish-heartbeat")
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def end_run(
    app: Flask, run_id: int, report: ExportReport | None = None, error: Exception | None = None
) -> None:
    """Record the outcome of run ``run_id`` and free the slot; a failure is announced
    (``app.export.signals.publish_failed``)."""
    db.session.rollback()
    run = db.session.get(PublishRun, run_id)
    db.session.refresh(run)
    if report is not None:
        run.mode, run.pages = report.mode, report.pages
        run.status = RunStatus.DONE.value if report.ok else RunStatus.FAILED.value
        run.problems = "\n".join(str(problem) for problem in report.problems[:50])
    else:
        run.status, run.problems = RunStatus.FAILED.value, f"The export crashed: {error}"
    run.finished_at = utcnow()
    db.session.commit()
    if run.status == RunStatus.FAILED:
        publish_failed.send(app, run=run)
