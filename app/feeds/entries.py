"""What the Atom feeds list: every published record, as an entry with a stable id.

Each feature declares its feed (``app.features.FeedSource``) and builds its entries with
``latest_published`` and ``feed_entry``.
"""

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from app.editing.models import Status
from app.export.state import depends_on
from app.extensions import db
from app.features import feed_sources
from app.feeds.text import xml_safe

PER_SOURCE = 50


@dataclass(frozen=True)
class Entry:
    id: str  # an absolute URL, stable for the life of the record
    title: str
    url: str
    published: datetime
    updated: datetime
    summary: str
    category: str


def absolute(path: str) -> str:
    return urljoin(url_for("home.index", _external=True), path)


def latest_published(model, *conditions) -> list:
    """The latest published records of ``model`` (at most PER_SOURCE), newest first."""
    depends_on(model.record_type)
    return list(
        db.session.scalars(
            select(model)
            .where(model.status == Status.PUBLISHED, *conditions)
            .order_by(model.last_published_at.desc())
            .limit(PER_SOURCE)
        ).unique()
    )


def feed_entry(record, category, title, path, summary, changes) -> Entry:
    notes = changes.get((record.record_type, record.id))
    if notes:
        summary += " " + _("Changed: %(note)s", note=notes[0].note)
    return Entry(
        id=absolute(path),
        title=xml_safe(title, 200),
        url=absolute(path),
        published=record.published_at,
        updated=record.last_published_at or record.published_at,
        summary=xml_safe(summary.strip(), 1000),
        category=category,
    )


def feed_entries(kind: str | None = None, limit: int = PER_SOURCE) -> list[Entry]:
    """The latest entries of one kind, or of every kind, most recently updated first."""
    sources = [source for source in feed_sources() if kind in (None, source.kind)]
    entries = [entry for source in sources for entry in source.entries()]
    entries.sort(key=lambda entry: (entry.updated, entry.id), reverse=True)
    return entries[:limit]
