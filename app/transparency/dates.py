"""Today's date, and dates as readers read them, in the coalition's own time zone."""

from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import current_app
from flask_babel import format_date


def zone(name: str | None = None) -> ZoneInfo:
    """The named time zone, or the installation's default (BABEL_DEFAULT_TIMEZONE)."""
    try:
        return ZoneInfo(name or current_app.config["BABEL_DEFAULT_TIMEZONE"])
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: "Asia", a folder
        return ZoneInfo("UTC")


def local_today() -> date:
    """Today where the coalition is: what "overdue" and "upcoming" are measured against."""
    return datetime.now(zone()).date()


def long_date(value: date | datetime | None) -> str:
    """ "12 March 2025", in the reader's language."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    return format_date(value, "d MMMM y")


def register(app) -> None:
    app.add_template_filter(long_date)
    app.add_template_global(local_today)
