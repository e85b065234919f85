"""Plain pages: about the partnership, how to join, privacy... at /pages/<slug>/."""

from flask import Blueprint

bp = Blueprint("pages", __name__)

from app.pages import views  # noqa: E402, F401
