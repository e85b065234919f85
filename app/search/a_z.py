"""What the A–Z index shows of each kind of record, for the export's dependencies.

The index lists every published record by title, so it would depend on every record of
every kind listed, and an edit of any of them would re-render it in every language: a
page that lists tens of thousands of links. It depends instead on what it shows of each
kind (``depends_on(..., shown=...)``): the titles and addresses of its entries, written
without the language prefix so that every language's index shows the same text. An
edit that changes neither (a meeting's summary, a partner's city) leaves the index alone;
a new title, a new record or a record gone re-renders it.
"""

from flask import Flask, url_for

from app.export.registry import register_shown
from app.export.state import depends_on, group_key
from app.features import Feature, SearchSource, search_sources

A_Z_INDEX = ("index", "a-z")


def depend_on_entries(source: SearchSource, entries: list) -> None:
    """Note that the index being exported shows these entries of ``source``'s kind.

    A source without ``shown_as`` is left out: the guideline's reader pages depend on every
    guideline page already (load_guide).
    """
    if source.shown_as is not None:
        depends_on(source.shown_as, of=A_Z_INDEX, shown=_shown_text(entries))


def _shown_text(entries: list) -> str:
    prefix = url_for("home.index").rstrip("/")  # the script root and the language prefix
    lines = []
    for entry in entries:
        url = entry.url[len(prefix) :] if prefix and entry.url.startswith(prefix) else entry.url
        lines.append(f"{entry.title}\t{url}")
    return "\n".join(lines)


def shown_now(keys: list[str]) -> dict[str, str]:
    """What the index would show now of the record types asked (see ``register_shown``)."""
    now = {}
    for source in search_sources():
        if not source.a_z or source.shown_as is None:
            continue
        key = group_key(source.shown_as, *A_Z_INDEX)
        if key in keys:
            now[key] = _shown_text(list(source.entries(None, "")))
    return now


def declare_shown(app: Flask, feature: Feature) -> None:
    """Tell the export what the index shows of each record type ``feature`` lists."""
    for source in feature.search:
        if source.a_z and source.shown_as is not None:
            register_shown(app, source.shown_as, shown_now)
