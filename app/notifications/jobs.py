"""The notifications' background jobs: mailing notices as they happen, and the hourly
round of digests, action reminders and yearly checks."""

from huey import crontab

from app.accounts.models import utcnow
from app.jobs import queue
from app.notifications import mailing, reminders, yearly_check
from app.transparency.dates import local_today


@queue.task(retries=5, retry_delay=60)
def mail_waiting_notices():
    mailing.send_waiting_notices()


@queue.periodic_task(crontab(minute="5"))
def hourly_notifications():
    """Every hour: action reminders and yearly checks (each sent once), any notice left
    waiting by a mail that could not be queued, and the digests due."""
    today = local_today()
    reminders.send_action_reminders(today)
    yearly_check.send_yearly_checks(today)
    mailing.send_waiting_notices()
    mailing.send_due_digests(utcnow())
