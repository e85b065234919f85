"""The home page: what the partnership is and the way into each part."""

from flask import Blueprint

from app.export.registry import register_public_urls

bp = Blueprint("home", __name__)


def home_urls():
    yield "home.index", {}


bp.record_once(lambda state: register_public_urls(state.app, home_urls))

from app.home import views  # noqa: E402, F401
