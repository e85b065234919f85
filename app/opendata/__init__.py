"""Open data at /data/: every feature's published records as CSV and JSON downloads.

Features register their datasets in the factory (``registry.register_dataset``); this
blueprint lists them on /data/ and serves each file at /data/<dataset>.<format>.
"""

from flask import Blueprint

from app.export.registry import register_public_urls

bp = Blueprint("data", __name__, url_prefix="/data")


def data_urls():
    from app.opendata.registry import all_datasets

    yield "data.index", {}
    for dataset in all_datasets().values():
        for file_format in dataset.files:
            yield "data.download", {"name": dataset.name, "file_format": file_format}


bp.record_once(
    lambda state: register_public_urls(
        state.app, data_urls, endpoints=["data.index", "data.download"]
    )
)

from app.opendata import views  # noqa: E402, F401
