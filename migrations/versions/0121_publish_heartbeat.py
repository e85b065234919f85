"""publish runs: a heartbeat, who started them, and one running at a time

Revision ID: 0121
Revises: 0120
Create Date: 2026-12-07 15:10:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0121"
down_revision = "0120"
branch_labels = None
depends_on = None

RUNNING = sa.text("status = 'running'")


def upgrade():
    with op.batch_alter_table("publish_run") as batch_op:
        batch_op.add_column(sa.Column("heartbeat_at", sa.DateTime(), nullable=True))
        batch_op.add_column(
            sa.Column("requested_via", sa.String(length=20), nullable=False, server_default="button")
        )
        batch_op.add_column(
            sa.Column("is_public_copy", sa.Boolean(), nullable=False, server_default=sa.true())
        )
    # A run left "running" by a process that stopped before this version ran: it will never
    # finish, and would hold the slot.
    op.execute("UPDATE publish_run SET status = 'interrupted' WHERE status = 'running'")
    op.create_index(
        "uq_publish_run_running",
        "publish_run",
        ["status"],
        unique=True,
        sqlite_where=RUNNING,
        postgresql_where=RUNNING,
    )
    with op.batch_alter_table("publish_run") as batch_op:
        batch_op.alter_column("requested_via", server_default=None)
        batch_op.alter_column("is_public_copy", server_default=None)


def downgrade():
    op.drop_index("uq_publish_run_running", table_name="publish_run")
    with op.batch_alter_table("publish_run") as batch_op:
        batch_op.drop_column("is_public_copy")
        batch_op.drop_column("requested_via")
        batch_op.drop_column("heartbeat_at")
