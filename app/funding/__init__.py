"""The funding register at /funding/: sources, totals per year, shares by funder."""

from flask import Blueprint

bp = Blueprint("funding", __name__)

from app.funding import views  # noqa: E402, F401
