"""What changed in a public record since it was first published, from its revision notes.

Only revisions up to the published one count, and only those saved after the first
publication: notes written while a record was still a private draft, and notes of drafts
not yet published, never reach a public page or feed.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from app.editing.models import Revision, RevisionKind, Status
from app.extensions import db


@dataclass(frozen=True)
class Change:
    at: datetime
    note: str


def public_changes_of(records) -> dict[tuple[str, int], list[Change]]:
    """The public change notes of published records, newest first, by (record_type, id)."""
    by_type: dict[str, dict[int, object]] = defaultdict(dict)
    for record in records:
        if record.status is Status.PUBLISHED and record.published_revision_id:
            by_type[record.record_type][record.id] = record
    changes: dict[tuple[str, int], list[Change]] = defaultdict(list)
    for record_type, records_by_id in by_type.items():
        revisions = db.session.execute(
            select(Revision.record_id, Revision.id, Revision.created_at, Revision.note)
            .where(
                Revision.record_type == record_type,
                Revision.record_id.in_(list(records_by_id)),
                Revision.kind.not_in([RevisionKind.CONFLICT, RevisionKind.SUBMITTED]),
                Revision.note != "",
            )
            .order_by(Revision.id.desc())
        )
        for record_id, revision_id, created_at, note in revisions:
            record = records_by_id[record_id]
            if revision_id <= record.published_revision_id and created_at > record.published_at:
                changes[(record_type, record_id)].append(Change(created_at, note))
    return changes


def public_changes(record) -> list[Change]:
    return public_changes_of([record]).get((record.record_type, record.id), [])
