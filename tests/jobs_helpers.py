"""Running the job queue in a test, through its real storage.

``run_queued_jobs(app)`` takes each job from ``app``'s queue (SQLite in its instance folder,
or Redis with ``JOBS_URL``) and runs it the way a huey consumer's worker does
(``queue.execute``: retries, back-off and the failure record included), each in a fresh app
context, until nothing is left to run.
"""

from datetime import UTC, datetime, timedelta

from app.jobs import queue


def run_queued_jobs(app, later: timedelta = timedelta(0)) -> int:
    """Run every queued job, and every job these queue, until the queue is empty; returns
    how many ran.

    Jobs waiting for a later time (a retry's back-off) run too when their time falls within
    ``later`` from now: ``later=timedelta(days=1)`` lets every retry come round at once.
    """
    queue.configure(app)
    ran = 0
    while True:
        now = datetime.now(UTC).replace(tzinfo=None) + later  # huey's clock: naive UTC
        with app.app_context():
            for task in queue.read_schedule(now):
                queue.enqueue(task)
            task = queue.dequeue()
            if task is None:
                return ran
            queue.execute(task, now)
        ran += 1
