"""attachments follow drafts: each revision's snapshot lists the ids of its record's files,
and the published revision's list is what the public sees

Until now every file of a published record was public, so every revision of a record
with files lists all of them: the public keeps seeing exactly what it saw.

Revision ID: 0090
Revises: 0085
Create Date: 2026-12-07 10:00:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0090"
down_revision = "0085"
branch_labels = None
depends_on = None

KEY = "attachment_ids"

attachment = sa.table(
    "attachment",
    sa.column("id", sa.Integer()),
    sa.column("record_type", sa.String()),
    sa.column("record_id", sa.Integer()),
    sa.column("position", sa.Integer()),
)
revision_table = sa.table(
    "revision",
    sa.column("id", sa.Integer()),
    sa.column("record_type", sa.String()),
    sa.column("record_id", sa.Integer()),
    sa.column("snapshot", sa.JSON()),
)


def _set_lists(change):
    connection = op.get_bind()
    files = {}
    query = sa.select(attachment.c.id, attachment.c.record_type, attachment.c.record_id)
    for row in connection.execute(query.order_by(attachment.c.position, attachment.c.id)):
        files.setdefault((row.record_type, row.record_id), []).append(row.id)
    rows = connection.execute(
        sa.select(
            revision_table.c.id,
            revision_table.c.record_type,
            revision_table.c.record_id,
            revision_table.c.snapshot,
        )
    ).all()
    for row in rows:
        snapshot = change(dict(row.snapshot or {}), files.get((row.record_type, row.record_id)))
        if snapshot is not None:
            connection.execute(
                sa.update(revision_table)
                .where(revision_table.c.id == row.id)
                .values(snapshot=snapshot)
            )


def upgrade():
    def listed(snapshot, ids):
        if not ids or KEY in snapshot:
            return None
        return {**snapshot, KEY: ids}

    _set_lists(listed)


def downgrade():
    # Files removed from a draft since then stay attached: before, a removal deleted them.
    def unlisted(snapshot, _ids):
        if KEY not in snapshot:
            return None
        snapshot.pop(KEY)
        return snapshot

    _set_lists(unlisted)
