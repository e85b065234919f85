"""The migrations build exactly the schema the models describe, on both databases."""

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
