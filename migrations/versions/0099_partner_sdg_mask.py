"""partners: their goals also as bits on the partner, which the facet index covers

Revision ID: 0099
Revises: 0098
Create Date: 2026-12-08 00:35:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0099"
down_revision = "0098"
branch_labels = None
depends_on = None

FACET_COLUMNS = ["status", "stakeholder_group", "country", "role"]

# Goal n is bit n - 1; a partner lists each goal once (the table's primary key), so the sum
# of the bits is the mask.
FILL = (
    "UPDATE organisation SET sdg_mask = coalesce((SELECT sum(1 << (goal - 1)) "
    "FROM organisation_sdg WHERE organisation_sdg.organisation_id = organisation.id), 0)"
)


# Not in batch mode: on SQLite a batch operation on ``organisation`` recreates the table,
# which drops the full-text search's triggers; adding a column and an index needs neither.
def upgrade():
    op.add_column(
        "organisation", sa.Column("sdg_mask", sa.Integer(), server_default="0", nullable=False)
    )
    op.execute(FILL)
    op.drop_index("ix_organisation_facets", table_name="organisation")
    op.create_index(
        "ix_organisation_facets", "organisation", [*FACET_COLUMNS, "sdg_mask"], unique=False
    )


def downgrade():
    op.drop_index("ix_organisation_facets", table_name="organisation")
    op.create_index("ix_organisation_facets", "organisation", FACET_COLUMNS, unique=False)
    op.drop_column("organisation", "sdg_mask")
