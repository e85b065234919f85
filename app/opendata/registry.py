"""The datasets an installation offers, registered by the features that own them."""

from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, current_app

MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}


@dataclass(frozen=True)
class Dataset:
    name: str  # in the file name: /data/<name>.<format>
    title: str
    description: str
    # format ("csv" or "json") -> a function returning the file's text; it must contain
    # published records only.
    files: dict[str, Callable[[], str]]
    # What each column or field means, shown on /data/ (optional).
    documentation: str = ""
    # The record types the files are made of, so the export rewrites them when one changes.
    shows: tuple[str, ...] = ()


def register_dataset(app: Flask, dataset: Dataset) -> None:
    app.extensions.setdefault("datasets", {})[dataset.name] = dataset


def all_datasets() -> dict[str, Dataset]:
    return current_app.extensions.get("datasets", {})
