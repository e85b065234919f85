"""The register of decisions and actions at /decisions/."""

from flask import Blueprint

bp = Blueprint("decisions", __name__)

from app.decisions import views  # noqa: E402, F401
