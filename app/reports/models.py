"""Reports and other documents the partnership publishes, with their files."""

import enum
from datetime import date

from sqlalchemy import JSON, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.editing.models import Editable, enum_column
from app.extensions import db


class ReportType(enum.StrEnum):
    PROGRESS = "progress"
    ANNUAL = "annual"
    FINANCIAL = "financial"
    EVALUATION = "evaluation"
    AGREEMENT = "agreement"  # an agreement or memorandum of understanding
    POLICY = "policy"
    OTHER = "other"


class Report(Editable, db.Model):
    """A report or document: what it is, when it was issued, what period it covers.

    Its files are attachments (``app.uploads``), each kept with its SHA-256.
    """

    record_type = "report"
    edit_fields = ("title", "slug", "report_type", "issued_on", "period_start", "period_end",
                   "summary", "sdgs", "language")  # fmt: skip
    translatable_fields = ("title", "summary")

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300), default="")
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    report_type: Mapped[ReportType] = enum_column(ReportType, default=ReportType.OTHER)
    issued_on: Mapped[date] = mapped_column(index=True)
    period_start: Mapped[date | None]
    period_end: Mapped[date | None]
    summary: Mapped[str] = mapped_column(Text, default="")  # Markdown
    sdgs: Mapped[list[int]] = mapped_column(JSON, default=list)
    language: Mapped[str] = mapped_column(String(20), default="en")  # BCP 47
