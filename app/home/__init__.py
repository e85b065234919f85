"""The home page: what the partnership is and the way into each part."""

from flask import Blueprint

bp = Blueprint("home", __name__)

from app.home import views  # noqa: E402, F401
