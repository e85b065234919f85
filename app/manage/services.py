"""What the dashboard and the trash list show, across every kind of record."""

from dataclasses import dataclass

from sqlalchemy import select

from app.audit.models import AuditEvent
from app.editing.models import Revision, RevisionKind, Status
from app.editing.registry import EditableKind, all_kinds
from app.extensions import db


@dataclass
class Entry:
    kind: EditableKind
    record: object
    revision: Revision | None = None

    @property
    def title(self) -> str:
        return self.kind.title_of(self.record)


def records_with(status: Status) -> list[Entry]:
    entries = []
    for kind in all_kinds().values():
        query = select(kind.model).where(kind.model.status == status)
        entries += [Entry(kind, record) for record in db.session.scalars(query)]
    return sorted(entries, key=lambda e: e.record.updated_at, reverse=True)


def unpublished_changes() -> list[Entry]:
    entries = []
    for kind in all_kinds().values():
        model = kind.model
        query = select(model).where(
            model.status == Status.PUBLISHED,
            model.head_revision_id != model.published_revision_id,
        )
        entries += [Entry(kind, record) for record in db.session.scalars(query)]
    return entries


def open_revisions(kind_of_revision: RevisionKind) -> list[Entry]:
    """Unresolved conflicts, or submissions awaiting review, newest first."""
    revisions = db.session.scalars(
        select(Revision)
        .where(Revision.kind == kind_of_revision, Revision.resolved_at.is_(None))
        .order_by(Revision.id.desc())
    )
    return _with_records(revisions)


def recent_changes(limit: int = 12) -> list[Entry]:
    revisions = db.session.scalars(
        select(Revision)
        .where(Revision.kind.not_in([RevisionKind.CONFLICT, RevisionKind.SUBMITTED]))
        .order_by(Revision.id.desc())
        .limit(limit)
    )
    return _with_records(revisions)


def _with_records(revisions) -> list[Entry]:
    kinds = all_kinds()
    entries = []
    for revision in revisions:
        kind = kinds.get(revision.record_type)
        record = db.session.get(kind.model, revision.record_id) if kind else None
        if record is not None:
            entries.append(Entry(kind, record, revision))
    return entries


def audit_events(limit: int = 200) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)))
