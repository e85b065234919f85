"""Bulk loaders: how a feature reads its records once for an export of many pages.

A feature's services read the same way live and in the export: through ``shared_by_run``,
whose ``load`` reads what one page needs. An export of the whole site renders thousands
of pages that each read a few records, so a feature may register, for one of those keys,
a loader that reads every record the pages may ask for at once; the export uses it in a
run of many pages, in each process that renders them, and ``load`` in a run of a few.
"""

from collections.abc import Callable, Mapping
from typing import Any

from flask import Flask

_EXTENSION = "roundtable.export_bulk_loaders"


def register_bulk_loader(app: Flask, key: str, loader: Callable[[], Any]) -> None:
    """Give ``shared_by_run(key, ...)`` the value ``loader()`` in an export of many pages.

    The value must be one that ``load`` could have given for any page of the run: a dict
    of published records by slug, say, which a few pages' ``load`` starts empty and fills
    with what they read. Raises ValueError when ``key`` has a loader already.
    """
    loaders = app.extensions.setdefault(_EXTENSION, {})
    if key in loaders:
        raise ValueError(f"a bulk loader for {key!r} is registered already")
    loaders[key] = loader


def bulk_loaders(app: Flask) -> Mapping[str, Callable[[], Any]]:
    """The loaders registered for ``app``, by key."""
    return app.extensions.get(_EXTENSION, {})
