"""The guideline: the bundled content, its reader under /guidelines/ and the self-assessment."""

from flask import Blueprint

bp = Blueprint("guideline", __name__)

from app.guideline import manage_views, views  # noqa: E402, F401
