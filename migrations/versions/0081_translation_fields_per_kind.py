"""translation fields per kind: a translation keeps the fields its source kind declares
translatable, by name, in one JSON column, instead of a title, summary and body column

Revision ID: 0081
Revises: 0080
Create Date: 2026-12-02 14:30:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0081"
down_revision = "0080"
branch_labels = None
depends_on = None

OLD_FIELDS = ("title", "summary", "body")


def _table(*columns):
    return sa.table("translation", sa.column("id", sa.Integer()), *columns)


def upgrade():
    with op.batch_alter_table("translation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("texts", sa.JSON(), nullable=True))

    # Carry every translation over: its non-empty fields, under the same names (which are
    # also the names in its revisions' snapshots, so the history stays as it was).
    old = _table(*(sa.column(name, sa.Text()) for name in OLD_FIELDS))
    new = _table(sa.column("texts", sa.JSON()))
    connection = op.get_bind()
    rows = connection.execute(sa.select(old.c.id, *(old.c[name] for name in OLD_FIELDS))).all()
    for row in rows:
        texts = {name: getattr(row, name) for name in OLD_FIELDS if getattr(row, name)}
        connection.execute(sa.update(new).where(new.c.id == row.id).values(texts=texts))

    with op.batch_alter_table("translation", schema=None) as batch_op:
        batch_op.alter_column("texts", existing_type=sa.JSON(), nullable=False)
        for name in OLD_FIELDS:
            batch_op.drop_column(name)


def downgrade():
    with op.batch_alter_table("translation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("title", sa.String(length=400), nullable=True))
        batch_op.add_column(sa.Column("summary", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("body", sa.Text(), nullable=True))

    # Only a title, summary and body fit the old columns: other fields (a partner's name,
    # a meeting's agenda) are lost from the record's columns, though kept in its revisions.
    old = _table(*(sa.column(name, sa.Text()) for name in OLD_FIELDS))
    new = _table(sa.column("texts", sa.JSON()))
    connection = op.get_bind()
    for row in connection.execute(sa.select(new.c.id, new.c.texts)).all():
        texts = row.texts or {}
        values = {name: str(texts.get(name) or "")[: 400 if name == "title" else None]
                  for name in OLD_FIELDS}  # fmt: skip
        connection.execute(sa.update(old).where(old.c.id == row.id).values(**values))

    with op.batch_alter_table("translation", schema=None) as batch_op:
        batch_op.alter_column("title", existing_type=sa.String(length=400), nullable=False)
        batch_op.alter_column("summary", existing_type=sa.Text(), nullable=False)
        batch_op.alter_column("body", existing_type=sa.Text(), nullable=False)
        batch_op.drop_column("texts")
