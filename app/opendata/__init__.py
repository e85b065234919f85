"""Open data at /data/: every feature's published records as CSV and JSON downloads.

Features declare their datasets in their descriptor (``app.features.Feature.datasets``); this
blueprint lists them on /data/ and serves each file at /data/<dataset>.<format>.
"""

from flask import Blueprint, Flask

bp = Blueprint("opendata", __name__, url_prefix="/data")


def data_urls():
    from app.opendata.registry import all_datasets

    yield "opendata.index", {}
    for dataset in all_datasets().values():
        for file_format in dataset.files:
            yield "opendata.download", {"name": dataset.name, "file_format": file_format}


def init_app(app: Flask) -> None:
    from app.features import Feature, PublicUrls, register_feature
    from app.opendata import views  # noqa: F401

    endpoints = ("opendata.index", "opendata.download")
    register_feature(
        app, Feature("opendata", bp, public_urls=(PublicUrls(data_urls, endpoints=endpoints),))
    )
