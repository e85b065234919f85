"""Fixtures: an app per test on a temporary instance folder, on SQLite and on PostgreSQL.

Every test that uses ``app`` (or ``client``, ``runner``...) runs once per database.
PostgreSQL is the local server (``ROUNDTABLE_TEST_POSTGRES_URL``, default the ``postgres``
role on 127.0.0.1); a fresh database is created for the run and dropped after it. Without
a server the PostgreSQL half is skipped, except under ``CI=true``, where it fails.
``pytest --db sqlite`` (or ``postgresql``) runs one half only.

The full demo is loaded once per backend in each worker's session, and exported once when a
test first needs its export; each test that takes ``demo`` (or ``demo_site``, with the
export) gets a copy of its own, which it may change.
"""

import os
import re
import secrets
import shutil
import tempfile
from functools import cached_property
from pathlib import Path

import psycopg
import pytest
from hypothesis import settings
from hypothesis.configuration import set_hypothesis_home_dir
from hypothesis.database import DirectoryBasedExampleDatabase
from sqlalchemy import text

from app import create_app
from app.accounts.models import Role
from app.accounts.services import create_user
from app.extensions import db

# Fixtures of real servers, for every test module: redis_url, smtp_server.
pytest_plugins = ["tests.redis_helpers", "tests.mail_helpers"]

DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
BACKENDS = ("sqlite", "postgresql")
PASSWORD = "correct horse battery"

# Hypothesis keeps the failing examples it found between runs; keep them in the temporary
# folder rather than a .hypothesis/ folder in the working tree.
HYPOTHESIS_HOME = Path(tempfile.gettempdir()) / "roundtable-hypothesis"
set_hypothesis_home_dir(HYPOTHESIS_HOME)
settings.register_profile(
    "roundtable", database=DirectoryBasedExampleDatabase(HYPOTHESIS_HOME / "examples")
)
settings.load_profile("roundtable")


def pytest_addoption(parser):
    parser.addoption(
        "--db", choices=BACKENDS, action="append", help="Run database tests on this one only."
    )


def pytest_generate_tests(metafunc):
    if "backend" in metafunc.fixturenames:
        chosen = metafunc.config.getoption("db") or list(BACKENDS)
        # @pytest.mark.backends("sqlite"): a test of something no database takes part in
        # (a process killed, a browser) runs once, not once per backend.
        if marker := metafunc.definition.get_closest_marker("backends"):
            chosen = [backend for backend in chosen if backend in marker.args]
        metafunc.parametrize("backend", chosen, scope="session")


class PostgresServer:
    """Creates throwaway databases on the local server and drops them when the run ends."""

    def __init__(self, admin_url: str):
        self.admin_url = admin_url
        self.created: list[str] = []

    def create_database(self, template_url: str = "") -> str:
        """A new database: empty, or a copy of the one at ``template_url``, to which no one
        may be connected."""
        name = f"roundtable_test_{secrets.token_hex(4)}"
        template = f' TEMPLATE "{template_url.rpartition("/")[2]}"' if template_url else ""
        with psycopg.connect(self.admin_url, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"{template}')
        self.created.append(name)
        return f"{self.admin_url.rpartition('/')[0]}/{name}"

    def drop_database(self, url: str) -> None:
        name = url.rpartition("/")[2]
        with psycopg.connect(self.admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.created.remove(name)

    def drop_all_databases(self) -> None:
        with psycopg.connect(self.admin_url, autocommit=True) as admin:
            for name in self.created:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def postgres_server():
    admin_url = os.environ.get("ROUNDTABLE_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)
    try:
        psycopg.connect(admin_url, autocommit=True, connect_timeout=5).close()
    except psycopg.OperationalError as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is required under CI and unreachable: {error}")
        pytest.skip(f"no PostgreSQL server at {admin_url}: {error}")
    server = PostgresServer(admin_url)
    yield server
    server.drop_all_databases()


@pytest.fixture(scope="session")
def postgres_schema(postgres_server, tmp_path_factory):
    """One PostgreSQL database with every table, shared by the tests and emptied after each."""
    url = postgres_server.create_database()
    app = make_app(tmp_path_factory.mktemp("schema"), url)
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    return url


@pytest.fixture
def database_url(backend, request):
    """An empty database of the backend under test (SQLite: "" = a file in the instance)."""
    if backend == "sqlite":
        return ""
    return request.getfixturevalue("postgres_server").create_database()


def make_app(instance_path, database_url="", **overrides):
    """A test app; an override of None leaves that setting to the lower layers."""
    config = {
        "TESTING": True,
        "INSTANCE_PATH": str(instance_path),
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test secret key, not for production",
        # Cheap hashing: the tests check behaviour, not the cost of Argon2.
        "ARGON2_TIME_COST": 1,
        "ARGON2_MEMORY_COST": 8,
        "ARGON2_PARALLELISM": 1,
        "WTF_CSRF_ENABLED": True,
    }
    config.update(overrides)
    return create_app({key: value for key, value in config.items() if value is not None})


@pytest.fixture
def app_config():
    """Override to change the app's configuration for one test module."""
    return {}


@pytest.fixture
def app(tmp_path, backend, request, app_config):
    """An app on a temporary instance folder with every table, on the backend under test."""
    if backend == "sqlite":
        app = make_app(tmp_path / "instance", "", **app_config)
        with app.app_context():
            db.create_all()
    else:
        url = request.getfixturevalue("postgres_schema")
        app = make_app(tmp_path / "instance", url, **app_config)
    yield app
    with app.app_context():
        db.session.remove()
        if db.engine.dialect.name == "postgresql":
            tables = ", ".join(f'"{table.name}"' for table in db.metadata.sorted_tables)
            with db.engine.begin() as connection:
                connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        db.engine.dispose()


class DemoTemplate:
    """The full demo (``load_full_demo``) on one backend, loaded once, and its export with
    the offline bundle, made the first time a test asks for it; ``copy`` gives a test an
    app of its own on a copy of the demo.

    Loading the demo and exporting it are the slowest steps of the export tests; copying
    an instance folder, or a PostgreSQL database from a template, costs little.
    """

    def __init__(self, folder: Path, postgres: PostgresServer | None):
        from tests.export_helpers import load_full_demo

        self.postgres = postgres
        self.instance = folder / "instance"
        self.database_url = postgres.create_database() if postgres else ""
        self.export = folder / "site"
        self.bundle = folder / "site.zip"
        app = make_app(self.instance, self.database_url)
        with app.app_context():
            db.create_all()
        load_full_demo(app)
        self._close(app)

    @cached_property
    def report(self):
        """The report of the demo's export into ``export`` (and ``bundle``), made once."""
        from app.export import run_export

        app = make_app(self.instance, self.database_url)
        with app.app_context():
            report = run_export(self.export, zip_path=self.bundle)
        self._close(app)
        assert report.ok, report.problems
        return report

    def exported(self) -> Path:
        """``export``, made if it is not yet."""
        assert self.report.ok
        return self.export

    def copy(self, instance_path: Path, **overrides):
        """A new app on a copy of the demo's instance folder and database."""
        shutil.copytree(self.instance, instance_path)
        url = self.postgres.create_database(self.database_url) if self.postgres else ""
        return make_app(instance_path, url, **overrides)

    def discard(self, app) -> None:
        """Close ``app``'s connections and drop its copy of the database."""
        self._close(app)
        if self.postgres:
            self.postgres.drop_database(app.config["DATABASE_URL"])

    @staticmethod
    def _close(app) -> None:
        # A database copied as a template may have no one connected to it.
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture(scope="session")
def demo_template(backend, request, tmp_path_factory) -> DemoTemplate:
    postgres = request.getfixturevalue("postgres_server") if backend == "postgresql" else None
    return DemoTemplate(tmp_path_factory.mktemp(f"demo-{backend}"), postgres)


@pytest.fixture
def demo(demo_template, tmp_path, app_config):
    """An app on a copy of the full demo (what ``load_full_demo`` loads), for one test."""
    app = demo_template.copy(tmp_path / "instance", **app_config)
    yield app
    demo_template.discard(app)


@pytest.fixture
def demo_site(demo, demo_template, tmp_path):
    """``(app, folder)``: the demo and a copy of its full export, for a test to update."""
    out = tmp_path / "site"
    shutil.copytree(demo_template.exported(), out)
    return demo, out


@pytest.fixture(scope="module")
def module_app(backend, request, tmp_path_factory):
    """An app with every table on a database of its own, for a module's shared fixtures
    to fill once; the module's tests that use them only read."""
    url = ""
    if backend == "postgresql":
        url = request.getfixturevalue("postgres_server").create_database()
    app = make_app(tmp_path_factory.mktemp("module") / "instance", url)
    with app.app_context():
        db.create_all()
    yield app
    DemoTemplate._close(app)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_user(app):
    """Factory: ``make_user(role="editor", email=None, password=PASSWORD)`` -> User."""
    counter = iter(range(1, 10_000))

    def make(role="editor", email=None, password=PASSWORD, organisation=None):
        email = email or f"{role}{next(counter)}@example.org"
        with app.app_context():
            user = create_user(email, password, Role(role), organisation)
            db.session.refresh(user)
            db.session.expunge(user)
            return user

    return make


def csrf_token_from(response) -> str:
    """The CSRF token of the first form on a page."""
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', response.get_data(as_text=True))
    assert match, "the page has no CSRF token"
    return match.group(1)


class AuthActions:
    def __init__(self, client):
        self._client = client

    def login(self, email, password=PASSWORD, **extra):
        token = csrf_token_from(self._client.get("/login"))
        data = {"email": email, "password": password, "csrf_token": token, **extra}
        return self._client.post("/login", data=data)

    def logout(self):
        token = csrf_token_from(self._client.get("/login"))
        return self._client.post("/logout", data={"csrf_token": token})


@pytest.fixture
def auth(client):
    return AuthActions(client)


def table_names(app) -> set[str]:
    with app.app_context():
        return set(db.inspect(db.engine).get_table_names())


def scalar(app, sql: str):
    with app.app_context():
        return db.session.execute(text(sql)).scalar()
