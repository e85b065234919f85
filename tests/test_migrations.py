"""The migrations build exactly the schema the models describe, on both databases."""

import json

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from app.database import include_name
from app.extensions import db
from tests.conftest import make_app
from tests.test_setup import close


def test_migrations_match_the_models(tmp_path, database_url):
    app = make_app(tmp_path, database_url)
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            # include_name: what env.py also leaves out (full-text search structures).
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "include_name": include_name}
            )
            differences = compare_metadata(context, db.metadata)
        assert differences == [], "run `flask db migrate` and review the new migration"
    close(app)


def test_migrations_go_down_and_up_again(tmp_path, database_url):
    app = make_app(tmp_path, database_url)
    with app.app_context():
        upgrade()
        downgrade(revision="base")
        assert set(db.inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        assert "user_account" in db.inspect(db.engine).get_table_names()
    close(app)


def test_translations_keep_their_text_across_migration_0081(tmp_path, database_url):
    """0081 moves a translation's title, summary and body into its per-kind fields."""
    import sqlalchemy as sa

    app = make_app(tmp_path, database_url)
    with app.app_context():
        upgrade(revision="0080")
        created = "2026-01-01 00:00:00"
        columns = {"source_type": "page", "source_id": 7, "status": "published",
                   "created_at": created, "updated_at": created}  # fmt: skip
        insert = sa.text(
            "INSERT INTO translation (source_type, source_id, language, title, summary, body,"
            " status, created_at, updated_at) VALUES (:source_type, :source_id, :language,"
            " :title, :summary, :body, :status, :created_at, :updated_at)"
        )
        with db.engine.begin() as connection:
            connection.execute(insert, {**columns, "language": "fr", "title": "Qui",
                                        "summary": "", "body": "Nous."})  # fmt: skip
            connection.execute(insert, {**columns, "language": "es", "title": "",
                                        "summary": "", "body": ""})  # fmt: skip
        upgrade()
        rows = dict(db.session.execute(sa.text("SELECT language, texts FROM translation")).all())
        texts = {k: v if isinstance(v, dict) else json.loads(v) for k, v in rows.items()}
        # Empty fields stay untranslated, so readers see the original there.
        assert texts == {"fr": {"title": "Qui", "body": "Nous."}, "es": {}}
        db.session.commit()
        downgrade(revision="0080")
        rows = db.session.execute(
            sa.text("SELECT language, title, summary, body FROM translation ORDER BY language")
        ).all()
        assert [tuple(row) for row in rows] == [("es", "", "", ""), ("fr", "Qui", "", "Nous.")]
        db.session.commit()
    close(app)
