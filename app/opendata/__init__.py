"""Open data at /data/: every feature's published records as CSV and JSON downloads.

Features register their datasets in the factory (``registry.register_dataset``); this
blueprint lists them on /data/ and serves each file at /data/<dataset>.<format>.
"""

from flask import Blueprint

bp = Blueprint("data", __name__, url_prefix="/data")

from app.opendata import views  # noqa: E402, F401
