"""`flask setup`: creates what is missing, migrates, and changes nothing the second time."""

from sqlalchemy import text

from app.extensions import db
from tests.conftest import make_app


def dump(app) -> dict:
    with app.app_context():
        inspector = db.inspect(db.engine)
        return {
            table: db.session.execute(text(f'SELECT * FROM "{table}"')).all()
            for table in sorted(inspector.get_table_names())
        }


def test_setup_creates_instance_secret_and_schema(tmp_path, database_url):
    app = make_app(tmp_path / "inst", database_url, SECRET_KEY=None)
    result = app.test_cli_runner().invoke(args=["setup"])
    assert result.exit_code == 0, result.output

    config = (tmp_path / "inst" / "config.py").read_text()
    assert "SECRET_KEY = " in config
    assert (tmp_path / "inst" / "config.py").stat().st_mode & 0o077 == 0
    assert (tmp_path / "inst" / "uploads").is_dir()
    assert {"user_account", "setting", "alembic_version"} <= set(dump(app))
    # A new process reads the key that setup wrote.
    assert make_app(tmp_path / "inst", database_url, SECRET_KEY=None).config["SECRET_KEY"] in config
    close(app)


def test_setup_twice_changes_nothing(tmp_path, database_url):
    app = make_app(tmp_path / "inst", database_url, SECRET_KEY=None)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["setup", "--demo"]).exit_code == 0
    config_before = (tmp_path / "inst" / "config.py").read_text()
    data_before = dump(app)

    again = runner.invoke(args=["setup", "--demo"])

    assert again.exit_code == 0, again.output
    assert "already loaded" in again.output
    assert (tmp_path / "inst" / "config.py").read_text() == config_before
    assert dump(app) == data_before
    # The demo's coalition gets the bundled pages as drafts too, once.
    pages = data_before["page"]
    assert len(pages) == 3 and {row.status for row in pages} == {"draft"}
    close(app)


def test_demo_does_not_rename_a_coalition_that_named_itself(tmp_path, database_url):
    app = make_app(tmp_path / "inst", database_url)
    runner = app.test_cli_runner()
    runner.invoke(args=["setup"])
    with app.app_context():
        from app.site.services import save_settings

        save_settings({"name": "Our Coalition"})
    runner.invoke(args=["setup", "--demo"])
    assert "Our Coalition" in app.test_client().get("/").get_data(as_text=True)
    close(app)


def close(app):
    """Let go of the database: each of these tests has an empty one of its own."""
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
