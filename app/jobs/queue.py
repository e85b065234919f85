"""The job queue: a huey queue whose storage and application come from the app that
configured it.

The ``queue`` object exists at import time, so that features declare their jobs with
``@queue.task(...)`` at the top of a module; ``configure`` gives it a storage (SQLite in
the instance folder, or Redis with ``JOBS_URL``) and an application when an app is built.
Inside an app context the queue uses that app's storage, so a job queued by one app of a
process that built several (the tests) lands in that app's queue; a consumer's threads are
bound to the consumer's app (``bind_thread``), so they take jobs from that app's queue only.
"""

import sqlite3
import threading
from pathlib import Path

from flask import Flask, current_app, has_app_context
from huey import Huey
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage

QUEUE_NAME = "roundtable"


def make_storage(app: Flask):
    """The storage ``JOBS_URL`` names: Redis for "redis://...", else SQLite in the instance."""
    url = app.config["JOBS_URL"]
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisStorage(QUEUE_NAME, url=url)
    if url:
        raise ValueError(f"JOBS_URL must be empty or a redis:// URL, not {url!r}")
    filename = str(Path(app.instance_path) / "jobs.sqlite3")
    try:
        return SqliteStorage(QUEUE_NAME, filename=filename)
    except sqlite3.OperationalError:
        # A full or read-only disk: the site must still start and serve its pages, so the
        # queue's tables are left for later and only queueing a job fails meanwhile.
        app.logger.exception("The job queue could not prepare %s", filename)
        return SqliteStorage(QUEUE_NAME, filename=filename, create_tables=False)


class JobQueue(Huey):
    """A huey queue bound to Flask applications rather than to one storage."""

    def __init__(self) -> None:
        # Until an app configures it, the queue keeps jobs in memory (nothing runs them).
        # Results are not kept: jobs report through the database, and failures are
        # recorded by app.jobs.failures.
        super().__init__(QUEUE_NAME, results=False, storage_class=MemoryStorage)
        self.app: Flask | None = None
        self._thread = threading.local()

    def bind_thread(self, app: Flask) -> None:
        """Make ``app`` the one this thread's jobs come from and run in, whichever app
        was configured last."""
        self._thread.app = app

    @property
    def bound_app(self) -> Flask | None:
        return getattr(self._thread, "app", None) or self.app

    @property
    def storage(self):
        if has_app_context() and "jobs" in current_app.extensions:
            return current_app.extensions["jobs"]
        if self.bound_app is not None:
            return self.bound_app.extensions["jobs"]
        return self._unbound_storage

    @storage.setter
    def storage(self, value) -> None:
        self._unbound_storage = value

    def configure(self, app: Flask) -> None:
        """Give ``app`` its storage and make it the app jobs run in when no other is active."""
        if "jobs" not in app.extensions:
            app.extensions["jobs"] = make_storage(app)
        self.app = app

    def execute(self, task, timestamp=None):
        """Run ``task`` inside an app context: the active one, or the configured app's."""
        if has_app_context():
            return super().execute(task, timestamp)
        with self.bound_app.app_context():
            return super().execute(task, timestamp)


queue = JobQueue()
