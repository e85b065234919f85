"""jobs: the background jobs that failed after their last try

Revision ID: 0120
Revises: 0093
Create Date: 2026-12-07 14:40:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0120"
down_revision = "0093"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "failed_job",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("task", sa.LargeBinary(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("failed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_failed_job")),
    )


def downgrade():
    op.drop_table("failed_job")
