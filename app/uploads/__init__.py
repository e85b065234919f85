"""Attachments: files checked by their content, stored under generated names, served safely."""

from flask import Blueprint

bp = Blueprint("uploads", __name__)

from app.uploads import views  # noqa: E402, F401
