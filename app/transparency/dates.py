"""Today's date, and dates as readers read them, in the coalition's own time zone."""

from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_skeleton
from flask import current_app, g
from flask_babel import format_date, get_locale, get_timezone


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
    # A register repeats the same few dates many times; Babel takes tens of microseconds
    # to format each. Remembered per request (g) and language.
    known = g.setdefault("long_dates", {})
    key = (value, get_locale())
    if key not in known:
        known[key] = format_date(value, "d MMMM y")
    return known[key]


def month_year(value: date | None) -> str:
    """ "March 2025", "mars 2025", "marzo de 2025": as the reader's language writes it."""
    if value is None:
        return ""
    return format_skeleton("yMMMM", value, locale=get_locale())


def date_time(value: datetime | None) -> str:
    """ "Mar 12, 2025, 14:05" or "12 mars 2025, 14:05", in the installation's time zone.

    A stored moment without a zone is UTC.
    """
    if value is None:
        return ""
    locale, zone_ = get_locale(), get_timezone()
    day = format_skeleton("yMMMd", value, tzinfo=zone_, locale=locale)
    time = format_skeleton("Hm", value, tzinfo=zone_, locale=locale)
    # The locale's way of joining them ("{1}, {0}"; "{1}، {0}" in Arabic).
    joined = locale.datetime_formats["medium"].replace("'", "")
    return joined.replace("{1}", day).replace("{0}", time)


def init_app(app) -> None:
    app.add_template_filter(long_date)
    app.add_template_filter(month_year)
    app.add_template_filter(date_time)
    app.add_template_global(local_today)
