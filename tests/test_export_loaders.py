"""Bulk loaders: a run of many pages reads a feature's records at once, a run of a few
reads what each page asks for, and the live site is not affected."""

import pytest
from flask import Flask

from app.export import register_bulk_loader, shared_by_run
from app.export.loaders import bulk_loaders
from app.export.state import FEW_PAGES, PAGES_PLANNED, rendering


def ask(by_key: dict, key: str):
    """What a feature's service reads: its cache of one record, filled on demand."""
    cache = shared_by_run("notes.by_key", dict)
    if key not in cache:
        cache[key] = by_key.get(key)
    return cache[key]


@pytest.fixture
def loaded():
    """Calls of the loader, which gives every note at once."""
    return []


@pytest.fixture
def loaders(loaded):
    app = Flask(__name__)

    def every_note() -> dict:
        loaded.append(True)
        return {"water": "Clean water.", "dams": "No new dams."}

    register_bulk_loader(app, "notes.by_key", every_note)
    return bulk_loaders(app)


@pytest.mark.parametrize(("planned", "bulk"), [(FEW_PAGES - 1, False), (FEW_PAGES, True)])
def test_a_run_of_many_pages_loads_once_and_a_short_one_reads_each(loaders, loaded, planned, bulk):
    shared = {PAGES_PLANNED: planned}
    one_by_one = {"water": "Clean water (read alone).", "dams": "No new dams (read alone)."}
    for _page in range(3):  # three pages of one run
        with rendering(shared=shared, bulk_loaders=loaders):
            water = ask(one_by_one, "water")
    assert loaded == ([True] if bulk else [])
    assert water == ("Clean water." if bulk else "Clean water (read alone).")


def test_the_live_site_reads_what_it_asks_for(loaders, loaded):
    assert ask({"water": "Clean water (read alone)."}, "water") == "Clean water (read alone)."
    assert loaded == []


def test_a_key_has_one_loader():
    app = Flask(__name__)
    register_bulk_loader(app, "notes.by_key", dict)
    with pytest.raises(ValueError, match="notes.by_key"):
        register_bulk_loader(app, "notes.by_key", dict)
