"""members' area: records kept for members, and members' last visits

Revision ID: 0100
Revises: 0099
Create Date: 2026-12-08 01:00:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0100"
down_revision = "0099"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "member_share",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_type", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("marked_at", sa.DateTime(), nullable=False),
        sa.Column("shared_revision_id", sa.Integer(), nullable=True),
        sa.Column("shared_at", sa.DateTime(), nullable=True),
        sa.Column("shared_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["shared_revision_id"],
            ["revision.id"],
            name=op.f("fk_member_share_shared_revision_id_revision"),
        ),
        sa.ForeignKeyConstraint(
            ["shared_by_id"],
            ["user_account.id"],
            name=op.f("fk_member_share_shared_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_share")),
        sa.UniqueConstraint(
            "record_type", "record_id", name=op.f("uq_member_share_record_type")
        ),
    )
    with op.batch_alter_table("member_share", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_member_share_shared_at"), ["shared_at"], unique=False)
    op.create_table(
        "member_visit",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("visited_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_member_visit_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_member_visit")),
    )


def downgrade():
    op.drop_table("member_visit")
    with op.batch_alter_table("member_share", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_member_share_shared_at"))
    op.drop_table("member_share")
