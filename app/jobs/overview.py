"""What /manage/jobs/ shows: jobs waiting, work in progress, failed and periodic jobs."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import current_app

from app.jobs.queue import queue

# How many waiting and scheduled jobs the page lists (it counts them all).
LISTED = 50
# Periodic jobs are looked for this far ahead when the page says when each runs next.
LOOK_AHEAD = timedelta(days=8)


@dataclass(frozen=True)
class WaitingJob:
    name: str
    arguments: str
    due_at: datetime | None = None  # a retry or a job queued for later


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    description: str
    next_run_at: datetime | None


def _waiting(task) -> WaitingJob:
    shown = [repr(value) for value in task.args]
    shown += [f"{key}={value!r}" for key, value in task.kwargs.items()]
    arguments = ", ".join(shown)
    due_at = task.eta.replace(tzinfo=UTC) if task.eta else None
    return WaitingJob(task.name, arguments[:200], due_at)


def waiting_jobs() -> tuple[list[WaitingJob], int]:
    """The first queued jobs and how many there are."""
    return [_waiting(task) for task in queue.pending(LISTED)], queue.pending_count()


def scheduled_jobs() -> tuple[list[WaitingJob], int]:
    """Jobs waiting for their time (retries, after their back-off), soonest first."""
    tasks = sorted(queue.scheduled(LISTED), key=lambda task: task.eta or datetime.min)
    return [_waiting(task) for task in tasks], queue.scheduled_count()


def running_work() -> list[str]:
    """Work in progress that features report (app.jobs.register_running)."""
    describers = current_app.extensions.get("jobs_running", [])
    return [line for describe in describers for line in describe()]


def next_run(task, now: datetime) -> datetime | None:
    """The next minute at which a periodic ``task`` runs (huey checks it minute by minute)."""
    moment = now.replace(second=0, microsecond=0) + timedelta(minutes=1)
    end = now + LOOK_AHEAD
    while moment < end:
        if task.validate_datetime(moment):
            return moment.replace(tzinfo=UTC)
        moment += timedelta(minutes=1)
    return None


def periodic_jobs(now: datetime | None = None) -> list[PeriodicJob]:
    now = now or datetime.now(UTC).replace(tzinfo=None)  # huey's clock: naive UTC
    return [
        PeriodicJob(
            task.name, (type(task).__doc__ or "").strip().split("\n")[0], next_run(task, now)
        )  # fmt: skip
        for task in sorted(queue._registry.periodic_tasks, key=lambda task: task.name)
    ]
