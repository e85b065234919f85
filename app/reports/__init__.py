"""Reports and documents at /reports/, each with its files and their SHA-256."""

from flask import Blueprint

bp = Blueprint("reports", __name__)

from app.reports import views  # noqa: E402, F401
