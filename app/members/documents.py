"""The documents shared with members, each as the version that was shared.

A members-only record (app.editing.sharing) is read here from its shared revision, never
from its columns, which hold the latest draft: a later draft reaches members only when a
coordinator shares it.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from app.editing.models import Revision, Status, attachment_ids
from app.editing.registry import EditableKind, all_kinds
from app.editing.sharing import MemberShare
from app.extensions import db
from app.uploads.models import Attachment
from app.uploads.services import listed_attachments_of


@dataclass
class SharedDocument:
    kind: EditableKind
    # A copy of the record as shared: never added to the session, so never saved.
    record: object
    shared_at: datetime
    attachment_ids: list[int]

    @property
    def record_type(self) -> str:
        return self.kind.record_type

    @property
    def key(self) -> str:
        return f"{self.record_type}:{self.record.id}"

    @property
    def slug(self) -> str:
        return self.record.slug

    @property
    def title(self) -> str:
        return self.kind.title_of(self.record)

    def files(self) -> list[Attachment]:
        return listed_attachments_of(self.record, self.attachment_ids)


def shared_documents() -> list[SharedDocument]:
    """Every document shared with members and not in the trash, latest shared first."""
    rows = db.session.execute(
        select(MemberShare, Revision)
        .join(Revision, Revision.id == MemberShare.shared_revision_id)
        .order_by(MemberShare.shared_at.desc(), MemberShare.id.desc())
    )
    kinds = all_kinds()
    documents = []
    for share, revision in rows:
        kind = kinds.get(share.record_type)
        if kind is None or not kind.members_only_allowed:
            continue
        record = db.session.get(kind.model, share.record_id)
        if record is None or record.status is Status.TRASHED:
            continue
        documents.append(_as_shared(kind, record, share, revision))
    return documents


def shared_document(record_type: str, slug: str) -> SharedDocument | None:
    for document in shared_documents():
        if document.record_type == record_type and document.slug == slug:
            return document
    return None


def shared_file(attachment: Attachment) -> bool:
    """Whether a file belongs to the shared version of a document shared with members."""
    return any(
        document.record_type == attachment.record_type
        and document.record.id == attachment.record_id
        and attachment.id in document.attachment_ids
        for document in shared_documents()
    )


def _as_shared(kind: EditableKind, record, share: MemberShare, revision: Revision):
    copy = kind.model()
    copy.apply_snapshot(revision.snapshot)
    copy.id = record.id
    return SharedDocument(kind, copy, share.shared_at, attachment_ids(revision.snapshot))
