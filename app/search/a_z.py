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

from app.export import depends_on, register_shown
from app.export.state import group_key

A_Z_INDEX = ("index", "a-z")
# The kinds of entries the index lists -> the record type each is made of. The guideline
# is left out: its reader's pages depend on every guideline page already (load_guide).
LISTED = {
    "partner": "organisation",
    "body": "governance-body",
    "meeting": "meeting",
    "decision": "decision",
    "report": "report",
    "page": "page",
}


def depend_on_entries(kind: str, entries: list) -> None:
    """Note that the index being exported shows these entries of ``kind``."""
    record_type = LISTED.get(kind)
    if record_type is not None:
        depends_on(record_type, of=A_Z_INDEX, shown=_shown_text(entries))


def _shown_text(entries: list) -> str:
    prefix = url_for("home.index").rstrip("/")  # the script root and the language prefix
    lines = []
    for entry in entries:
        url = entry.url[len(prefix) :] if prefix and entry.url.startswith(prefix) else entry.url
        lines.append(f"{entry.title}\t{url}")
    return "\n".join(lines)


def shown_now(keys: list[str]) -> dict[str, str]:
    """What the index would show now of the record types asked (see ``register_shown``)."""
    from app.search.sources import SOURCES

    now = {}
    for kind, record_type in LISTED.items():
        key = group_key(record_type, *A_Z_INDEX)
        if key in keys:
            now[key] = _shown_text(list(SOURCES[kind](None, "")))
    return now


def register(app: Flask) -> None:
    for record_type in LISTED.values():
        register_shown(app, record_type, shown_now)
