"""partners: the record type of a partner is "partner", as in its address and search

Revision ID: 0093
Revises: 0092
Create Date: 2026-12-07 05:40:00.000000

"""

from alembic import op


# revision identifiers, used by Alembic.
revision = "0093"
down_revision = "0092"
branch_labels = None
depends_on = None

# Every column that names a kind of record: revisions, the audit log, attachments and the
# translations of a record's fields.
COLUMNS = (
    ("revision", "record_type"),
    ("audit_event", "record_type"),
    ("attachment", "record_type"),
    ("translation", "source_type"),
)


def _rename(old: str, new: str) -> None:
    for table, column in COLUMNS:
        op.execute(f"UPDATE {table} SET {column} = '{new}' WHERE {column} = '{old}'")  # noqa: S608


def upgrade():
    _rename("organisation", "partner")


def downgrade():
    _rename("partner", "organisation")
