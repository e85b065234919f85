from flask import url_for
from sqlalchemy import select

from app.editing.models import Status
from app.export import depends_on
from app.extensions import db
from app.feeds.entries import feed_entry, latest_published
from app.search.sources import Entry, containing, records, results_depend_on
from tests.throwaway_feature.models import Note


def published_notes() -> list[Note]:
    return list(db.session.scalars(select(Note).where(Note.status == Status.PUBLISHED)))


def note_entries(terms, text):
    results_depend_on(terms, Note.record_type)
    statement = select(Note).where(
        Note.status == Status.PUBLISHED, containing(terms, Note.title, Note.body)
    )
    for note in records(statement, terms):
        yield Entry("note", note.title, url_for("throwaway.note", slug=note.slug), note.body)


def feed_entries():
    return [
        feed_entry(note, "note", note.title, url_for("throwaway.note", slug=note.slug),
                   note.body, {})
        for note in latest_published(Note)
    ]  # fmt: skip


def note_rows() -> list[dict]:
    depends_on(Note.record_type)
    return [{"title": n.title, "slug": n.slug, "body": n.body} for n in published_notes()]
