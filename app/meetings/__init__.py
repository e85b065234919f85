"""Meetings: governance bodies, their meetings, and minutes with an approval lifecycle.

Public pages at /meetings/; the minutes' approval steps at /manage/minutes-approval/.
"""

from flask import Blueprint

bp = Blueprint("meetings", __name__)

from app.meetings import manage, views  # noqa: E402, F401
