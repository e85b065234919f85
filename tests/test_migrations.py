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


def test_files_attached_before_migration_0090_stay_where_they_were(tmp_path, database_url):
    """0090 lists a record's files in each of its revisions, so the public keeps them."""
    import sqlalchemy as sa

    app = make_app(tmp_path, database_url)
    with app.app_context():
        upgrade(revision="0085")
        created = "2026-01-01 00:00:00"
        with db.engine.begin() as connection:
            for record_id, note in ((7, "with files"), (8, "without")):
                connection.execute(
                    sa.text(
                        "INSERT INTO revision (record_type, record_id, kind, created_at, note,"
                        " snapshot) VALUES ('report', :id, 'edit', :at, :note, :snapshot)"
                    ),
                    {"id": record_id, "at": created, "note": note,
                     "snapshot": json.dumps({"title": note})},
                )  # fmt: skip
            for position, name in ((1, "b"), (0, "a")):
                connection.execute(
                    sa.text(
                        "INSERT INTO attachment (record_type, record_id, original_name,"
                        " stored_name, content_type, size, sha256, alt_text, position,"
                        " created_at) VALUES ('report', 7, :name, :name, 'application/pdf', 1,"
                        " '', '', :position, :at)"
                    ),
                    {"name": name, "position": position, "at": created},
                )
        upgrade()

        def snapshots():
            rows = db.session.execute(sa.text("SELECT note, snapshot FROM revision")).all()
            db.session.commit()
            return {note: v if isinstance(v, dict) else json.loads(v) for note, v in rows}

        assert snapshots() == {
            "with files": {"title": "with files", "attachment_ids": [2, 1]},  # a, then b
            "without": {"title": "without"},
        }
        downgrade(revision="0085")
        assert snapshots()["with files"] == {"title": "with files"}
    close(app)


def test_partners_saved_before_migration_0099_are_counted_by_their_goals(tmp_path, database_url):
    """0099 adds the goals' bitmask the directory counts and filters with, filled from the
    goals each partner already had."""
    from app.partners.services import Query, search_partners
    from tests.partners_helpers import make_partner

    app = make_app(tmp_path, database_url)
    with app.app_context():
        upgrade()
    make_partner(app, name="Delta Farmers", slug="farmers", sdgs=[2, 6])
    make_partner(app, name="River Lab", slug="lab", sdgs=[6, 17])
    make_partner(app, name="No Goals Yet", slug="none", sdgs=[])
    with app.app_context():
        downgrade(revision="0098")
        upgrade()
    with app.test_request_context():
        goals = {value.value: value.count for value in search_partners(Query()).facets["sdg"]}
        assert goals == {2: 1, 6: 2, 17: 1}
        assert [o.slug for o in search_partners(Query(sdg=[17, 2])).organisations] == [
            "farmers",
            "lab",
        ]
    close(app)
