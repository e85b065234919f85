"""A job whose last try failed is recorded, to be listed at /manage/jobs/ and tried again.

huey forgets a job once its retries are spent (it keeps no results here); the record keeps
the job's function and arguments, so "Retry" queues the same job afresh, with all its
retries.
"""

from flask import current_app
from huey.signals import SIGNAL_ERROR
from sqlalchemy import delete, insert, select

from app.extensions import db
from app.jobs.models import FailedJob
from app.jobs.queue import queue


@queue.signal(SIGNAL_ERROR)
def record_final_failure(signal, task, error=None) -> None:
    """Record ``task`` when it failed with no retry left (huey counts them down to 0)."""
    if task.retries:
        return
    fresh = type(task)(args=task.args, kwargs=task.kwargs)
    # The job's own transaction ends here: it failed, and on SQLite it would hold the lock
    # this record needs.
    db.session.rollback()
    db.session.execute(
        insert(FailedJob).values(
            name=task.name,
            task=queue.serialize_task(fresh),
            error=f"{type(error).__name__}: {error}" if error else "",
        )
    )
    db.session.commit()
    current_app.logger.error("Job %s failed after its last try: %s", task.name, error)


def failed_jobs() -> list[FailedJob]:
    """Failed jobs, the latest first."""
    return list(db.session.scalars(select(FailedJob).order_by(FailedJob.id.desc())))


def retry_failed_job(job_id: int) -> bool:
    """Queue the failed job ``job_id`` again, with all its retries; False if it is gone
    (someone else retried it)."""
    job = db.session.get(FailedJob, job_id)
    if job is None:
        return False
    task = queue.deserialize_task(job.task)
    # Deleted first and committed: two administrators pressing Retry at once queue it once.
    deleted = db.session.execute(delete(FailedJob).where(FailedJob.id == job_id)).rowcount
    db.session.commit()
    if deleted:
        queue.enqueue(task)
    return bool(deleted)
