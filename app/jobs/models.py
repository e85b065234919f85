"""Jobs that failed for good: kept in the database, where every machine sees them."""

from datetime import datetime

from sqlalchemy import LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.accounts.models import utcnow
from app.extensions import db


class FailedJob(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    # The job's function, as the queue names it ("deliver_mail").
    name: Mapped[str] = mapped_column(String(200))
    # The job as the queue stores it, with its retries restored, to queue again as it was.
    task: Mapped[bytes] = mapped_column(LargeBinary)
    error: Mapped[str] = mapped_column(Text, default="")
    failed_at: Mapped[datetime] = mapped_column(default=utcnow)
