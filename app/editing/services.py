"""Saving, publishing, trashing and restoring editable records.

Every function here announces its change (``app.editing.signals``) before committing it,
so what the receivers write (the audit entry, a purge's files and translations) is
committed with it: a save is either wholly written or not at all.
"""

import enum
from dataclasses import dataclass

from sqlalchemy import delete, select

from app.accounts.models import User, utcnow
from app.editing.merge import merge_values
from app.editing.models import (
    ATTACHMENT_IDS,
    Editable,
    Revision,
    RevisionKind,
    Status,
    attachment_ids,
)
from app.editing.registry import all_kinds
from app.editing.sharing import MemberShare, MembersOnly, is_members_only
from app.editing.signals import (
    edit_submitted,
    record_created,
    record_published,
    record_purged,
    record_purging,
    record_restored,
    record_saved,
    record_trashed,
    record_unpublished,
    submission_accepted,
    submission_declined,
)
from app.extensions import db


class SaveOutcome(enum.StrEnum):
    SAVED = "saved"
    MERGED = "merged"  # saved after merging a change saved meanwhile (anyone's, any tab)
    CONFLICT = "conflict"  # kept aside as a conflict revision; nothing overwritten
    UNCHANGED = "unchanged"
    SUBMITTED = "submitted"  # a partner's edit, waiting for review


@dataclass
class SaveResult:
    outcome: SaveOutcome
    revision: Revision | None
    conflicting_fields: list[str]


def revisions_of(record, include_conflicts: bool = True) -> list[Revision]:
    """The record's revisions, newest first."""
    query = select(Revision).where(
        Revision.record_type == record.record_type, Revision.record_id == record.id
    )
    if not include_conflicts:
        query = query.where(Revision.kind.not_in([RevisionKind.CONFLICT, RevisionKind.SUBMITTED]))
    return list(db.session.scalars(query.order_by(Revision.id.desc())))


def get_revision(record, revision_id: int | None) -> Revision | None:
    if revision_id is None:
        return None
    revision = db.session.get(Revision, revision_id)
    if revision is None or (revision.record_type, revision.record_id) != (
        record.record_type,
        record.id,
    ):
        return None
    return revision


def head_snapshot(record) -> dict:
    """What the record's latest draft says (its columns, for a record saved before revisions)."""
    head = get_revision(record, record.head_revision_id)
    return dict(head.snapshot) if head else record.snapshot()


def _write_revision(record, snapshot, parent_id, user, note, kind) -> Revision:
    revision = Revision(
        record_type=record.record_type,
        record_id=record.id,
        parent_id=parent_id,
        kind=kind,
        author_id=user.id if user else None,
        note=(note or "").strip()[:500],
        snapshot=snapshot,
    )
    db.session.add(revision)
    db.session.flush()
    return revision


class UnknownBaseRevision(ValueError):
    """An edit names a base that is not one of the record's drafts (or none, when it has some).

    Without a known base a save cannot be compared with what changed meanwhile, so it is
    refused rather than written over the latest draft.
    """


def known_base(record, base_revision_id: int | None) -> Revision | None:
    """The revision an edit started from; None only for a record without revisions.

    :raises UnknownBaseRevision: ``base_revision_id`` is not a draft of this record, or is
        missing although the record has one.
    """
    if base_revision_id is None:
        if record.head_revision_id is not None:
            raise UnknownBaseRevision(base_revision_id)
        return None
    base = get_revision(record, base_revision_id)
    # Conflicts and submissions were never the draft anyone started from.
    if base is None or base.kind in (RevisionKind.CONFLICT, RevisionKind.SUBMITTED):
        raise UnknownBaseRevision(base_revision_id)
    return base


def create_record(model, values: dict, user: User | None, note: str = "", kind=None):
    """Add a new draft record with its first revision and commit; returns the record."""
    record = model()
    record.apply_snapshot(values)
    record.status = Status.DRAFT
    db.session.add(record)
    db.session.flush()
    revision = _write_revision(
        record, record.snapshot(), None, user, note, kind or RevisionKind.EDIT
    )
    record.head_revision_id = revision.id
    record_created.send(record, user=user, detail=note)
    db.session.commit()
    return record


def save_record(
    record: Editable,
    values: dict,
    base_revision_id: int | None,
    user: User | None,
    note: str = "",
    kind: RevisionKind = RevisionKind.EDIT,
    resolves: Revision | None = None,
) -> SaveResult:
    """Save an edit of ``record`` made from ``base_revision_id`` and commit.

    Never overwrites a change the editor has not seen: when anything was saved since the
    base, a change to other lines or fields is merged; one to the same lines is kept as a
    conflict revision for the editor to resolve. That holds for the editor's own earlier
    save too (another tab): only an identical resubmission (a double click) follows it,
    as "unchanged".

    :raises UnknownBaseRevision: the base is not one of the record's drafts; nothing is
        written.
    """
    # The file list changes only through attach/remove, or by restoring a revision: a save
    # from an edit form (or an older suggestion) keeps the files the draft has now.
    names = (*record.edit_fields, *((ATTACHMENT_IDS,) if kind is RevisionKind.RESTORE else ()))
    values = {name: values[name] for name in names if name in values}
    base = known_base(record, base_revision_id)
    head = head_snapshot(record)
    incoming = {**head, **values}
    outcome, conflicts = SaveOutcome.SAVED, []

    if base is not None and base.id != record.head_revision_id:
        merged = merge_values(base.snapshot, incoming, head)
        if not merged.is_clean:
            revision = _write_revision(
                record, incoming, base_revision_id, user, note, RevisionKind.CONFLICT
            )
            record_saved.send(
                record, user=user, detail=", ".join(merged.conflicts),
                outcome=SaveOutcome.CONFLICT,
            )  # fmt: skip
            db.session.commit()
            return SaveResult(SaveOutcome.CONFLICT, revision, merged.conflicts)
        incoming, outcome, kind = merged.values, SaveOutcome.MERGED, RevisionKind.MERGE

    if resolves is not None:
        resolves.resolved_at = utcnow()
    if incoming == head and not resolves:
        db.session.commit()
        return SaveResult(SaveOutcome.UNCHANGED, None, [])

    revision = _write_revision(record, incoming, record.head_revision_id, user, note, kind)
    record.head_revision_id = revision.id
    record.updated_at = utcnow()
    if record.status is not Status.PUBLISHED:
        # Unpublished records show their latest draft in their own columns.
        record.apply_snapshot(incoming)
    record_saved.send(record, user=user, detail=note, outcome=outcome)
    db.session.commit()
    return SaveResult(outcome, revision, conflicts)


def save_attachment_list(record: Editable, ids: list[int], user: User | None, note: str) -> None:
    """Make ``ids`` the files of the record's latest draft, as a new revision (not committed).

    Like a text change, a file added or removed reaches the public at the next publish, and
    an older list comes back with the revision that had it.
    """
    snapshot = {**head_snapshot(record), ATTACHMENT_IDS: list(ids)}
    revision = _write_revision(
        record, snapshot, record.head_revision_id, user, note, RevisionKind.EDIT
    )
    record.head_revision_id = revision.id
    record.updated_at = utcnow()


def draft_attachment_ids(record: Editable) -> list[int]:
    return attachment_ids(head_snapshot(record))


def public_attachment_ids(record: Editable) -> list[int]:
    """The files the public sees: those of the published revision, while it is published."""
    if record.status is not Status.PUBLISHED or record.published_revision_id is None:
        return []
    published = db.session.get(Revision, record.published_revision_id)
    return attachment_ids(published.snapshot if published else None)


def submit_for_review(record, values: dict, base_revision_id, user: User, note="") -> SaveResult:
    """Keep a partner's edit aside, for an editor to accept or decline.

    :raises UnknownBaseRevision: as ``save_record``, so that accepting it can merge.
    """
    known_base(record, base_revision_id)
    snapshot = {**head_snapshot(record), **values}
    revision = _write_revision(
        record, snapshot, base_revision_id, user, note, RevisionKind.SUBMITTED
    )
    edit_submitted.send(record, user=user, detail=note)
    db.session.commit()
    return SaveResult(SaveOutcome.SUBMITTED, revision, [])


def accept_submission(record, submission: Revision, user: User) -> SaveResult:
    """Apply a submitted edit as if its author had saved it from their base."""
    result = save_record(
        record,
        submission.snapshot,
        submission.parent_id,
        user,
        note=submission.note or f"Accepted edit by {submission.author_name}",
    )
    if result.outcome is not SaveOutcome.CONFLICT:
        submission.resolved_at = utcnow()
        submission_accepted.send(
            record, user=user, detail=f"revision {submission.id}", submission=submission
        )
        db.session.commit()
    return result


def decline_submission(record, submission: Revision, user: User) -> None:
    submission.resolved_at = utcnow()
    submission_declined.send(
        record, user=user, detail=f"revision {submission.id}", submission=submission
    )
    db.session.commit()


def publish_record(record: Editable, user: User | None) -> None:
    """Show the public the latest draft, and commit.

    :raises MembersOnly: the record is kept for members; nothing is written.
    """
    # Here rather than in each caller: no way of publishing shows members' records.
    if is_members_only(record):
        raise MembersOnly(record.record_type)
    record.apply_snapshot(head_snapshot(record))
    record.published_revision_id = record.head_revision_id
    record.status = Status.PUBLISHED
    now = utcnow()
    record.published_at = record.published_at or now
    record.last_published_at = now
    record_published.send(record, user=user, detail="")
    db.session.commit()


def unpublish_record(record: Editable, user: User | None) -> None:
    """Take the record off the public site; it becomes a draft showing its latest text."""
    record.status = Status.DRAFT
    record.published_revision_id = None
    record.apply_snapshot(head_snapshot(record))
    record_unpublished.send(record, user=user, detail="")
    db.session.commit()


def trash_record(record: Editable, user: User | None) -> None:
    """Move to the trash: nothing is deleted, so a restore is exact."""
    if record.status is Status.TRASHED:
        return
    record.status_before_trash = record.status
    record.status = Status.TRASHED
    record.trashed_at = utcnow()
    record_trashed.send(record, user=user, detail="")
    db.session.commit()


def restore_from_trash(record: Editable, user: User | None) -> None:
    record.status = record.status_before_trash or Status.DRAFT
    record.status_before_trash = None
    record.trashed_at = None
    record_restored.send(record, user=user, detail="")
    db.session.commit()


def restore_revision(record: Editable, revision: Revision, user: User | None) -> SaveResult:
    """Bring back an older revision's text as a new revision (nothing is rewritten)."""
    return save_record(
        record,
        revision.snapshot,
        record.head_revision_id,
        user,
        note=f"Restored the version of {revision.created_at:%Y-%m-%d %H:%M} (#{revision.id})",
        kind=RevisionKind.RESTORE,
    )


def purge_record(record: Editable, user: User | None) -> None:
    """Delete a trashed record and its history for good (admins only), with everything the
    receivers of ``record_purging`` keep of it (its files, its translations)."""
    # The kind's title field (an organisation's name), so the log names what was deleted.
    kind = all_kinds().get(record.record_type)
    title = kind.title_of(record) if kind else getattr(record, "title", "") or ""
    record_type, record_id = record.record_type, record.id
    record.head_revision_id = record.published_revision_id = None
    db.session.flush()
    record_purging.send(record, user=user, detail="")
    # Its members-only mark names one of the revisions deleted below.
    db.session.execute(
        delete(MemberShare).where(
            MemberShare.record_type == record_type, MemberShare.record_id == record_id
        )
    )
    db.session.execute(
        delete(Revision).where(Revision.record_type == record_type, Revision.record_id == record_id)
    )
    db.session.delete(record)
    record_purged.send(record, user=user, detail=f"{record_type} {record_id}: {title}")
    db.session.commit()
