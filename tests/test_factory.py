"""The app factory and its layers of configuration."""

import jinja2
import pytest

from app import create_app
from app.extensions import db
from tests.conftest import make_app


def test_defaults_derive_paths_from_the_instance_folder(tmp_path):
    app = make_app(tmp_path / "inst")
    assert app.instance_path == str((tmp_path / "inst").resolve())
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("/inst/roundtable.sqlite3")
    assert app.config["UPLOAD_FOLDER"] == str((tmp_path / "inst" / "uploads").resolve())
    assert app.config["EXPORT_FOLDER"] == str((tmp_path / "inst" / "export").resolve())


def test_instance_path_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("ROUNDTABLE_INSTANCE_PATH", str(tmp_path / "from-env"))
    app = create_app({"TESTING": True})
    assert app.instance_path == str((tmp_path / "from-env").resolve())
    assert (tmp_path / "from-env").is_dir()


def test_each_layer_overrides_the_one_before(tmp_path, monkeypatch):
    instance = tmp_path / "inst"
    instance.mkdir()
    (instance / "config.py").write_text(
        'SITE_NAME = "From instance"\nMAX_CONTENT_LENGTH = 1000\nSQLITE_BUSY_TIMEOUT_MS = 7\n'
    )
    monkeypatch.setenv("ROUNDTABLE_MAX_CONTENT_LENGTH", "2000")
    monkeypatch.setenv("ROUNDTABLE_SQLITE_BUSY_TIMEOUT_MS", "8")
    app = create_app({"INSTANCE_PATH": str(instance), "SQLITE_BUSY_TIMEOUT_MS": 9})

    assert app.config["SITE_NAME"] == "From instance"  # instance over default
    assert app.config["MAX_CONTENT_LENGTH"] == 2000  # environment over instance, parsed
    assert app.config["SQLITE_BUSY_TIMEOUT_MS"] == 9  # create_app's mapping over all


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgres://u:p@h/db", "postgresql+psycopg://u:p@h/db"),
        ("postgresql://u@h:5433/db", "postgresql+psycopg://u@h:5433/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:////srv/rt.db", "sqlite:////srv/rt.db"),
    ],
)
def test_database_url_gets_the_installed_driver(tmp_path, url, expected):
    assert make_app(tmp_path, url).config["SQLALCHEMY_DATABASE_URI"] == expected


def test_without_a_secret_key_the_app_still_starts_with_a_throwaway_one(tmp_path, monkeypatch):
    monkeypatch.delenv("ROUNDTABLE_SECRET_KEY", raising=False)
    first = create_app({"INSTANCE_PATH": str(tmp_path / "a")})
    second = create_app({"INSTANCE_PATH": str(tmp_path / "b")})
    assert first.config["SECRET_KEY"] != second.config["SECRET_KEY"]
    assert first.config["SECRET_KEY_IS_EPHEMERAL"]


def test_blueprints_are_registered_explicitly(app):
    assert {"home", "accounts"} <= set(app.blueprints)


def test_sqlite_connections_are_safe(tmp_path):
    app = make_app(tmp_path)
    with app.app_context():
        connection = db.session.connection()
        pragma = {
            name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "foreign_keys", "synchronous", "busy_timeout")
        }
        db.session.remove()
        db.engine.dispose()
    assert pragma == {
        "journal_mode": "wal",
        "foreign_keys": 1,
        "synchronous": 2,  # FULL
        "busy_timeout": app.config["SQLITE_BUSY_TIMEOUT_MS"],
    }


def test_a_restarted_app_loads_the_templates_it_compiled_before(app, tmp_path, monkeypatch):
    """Compiled templates are kept in the instance folder, so a new process (a restarted
    server, a rendering process of the export) does not compile them again."""
    assert app.test_client().get("/").status_code == 200
    assert any((tmp_path / "instance" / "cache" / "templates").iterdir())
    compiled = []
    compile_template = jinja2.Environment.compile

    def noting(self, source, name=None, *args, **kwargs):
        compiled.append(name)
        return compile_template(self, source, name, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", noting)
    restarted = make_app(tmp_path / "instance", app.config["DATABASE_URL"])
    assert restarted.test_client().get("/").status_code == 200
    assert compiled == []
    with restarted.app_context():
        db.engine.dispose()
