"""The home page: what the partnership is and the way into each part."""

from flask import Blueprint, Flask

bp = Blueprint("home", __name__)


def home_urls():
    yield "home.index", {}


def init_app(app: Flask) -> None:
    from app.features import Feature, PublicUrls, register_feature
    from app.home import views  # noqa: F401

    register_feature(app, Feature("home", bp, public_urls=(PublicUrls(home_urls),)))
