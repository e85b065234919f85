"""Database URL resolution and the connection settings SQLite needs to be safe."""

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import orjson
from flask import Flask, g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.routing import IntegerConverter

# The largest integer SQLite and PostgreSQL's BIGINT store.
LARGEST_ID = 2**63 - 1


class DatabaseIntConverter(IntegerConverter):
    """``<int:...>`` in URLs, bounded to what the database stores: a longer number is a 404.

    Unbounded, ``/manage/minutes-approval/99999999999999999999`` reached the database, and
    SQLite's driver raised OverflowError (a 500) before any query ran.
    """

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", LARGEST_ID)
        super().__init__(map, *args, **kwargs)


def database_uri(url: str, instance_path: str) -> str:
    """Turn the configured DATABASE_URL into an SQLAlchemy URI.

    An empty URL means SQLite in the instance folder; ``postgres://`` and ``postgresql://``
    URLs are given the psycopg 3 driver, which is the one Roundtable installs.
    """
    if not url:
        return f"sqlite:///{Path(instance_path) / 'roundtable.sqlite3'}"
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def engine_options(config: Mapping[str, Any]) -> dict[str, Any]:
    """SQLAlchemy's engine settings: the configured ones, JSON columns read with orjson.

    The data files read every published partner's four lists on each Publish, and the
    standard library's parser was a large part of the time of reading them. orjson gives
    the same values for the JSON the app stores.
    """
    return {"json_deserializer": orjson.loads, **config.get("SQLALCHEMY_ENGINE_OPTIONS", {})}


def configure_sqlite(app: Flask, engine: Engine) -> None:
    """Open every SQLite connection in WAL mode with durable, checked writes.

    WAL lets readers carry on while one coordinator saves; ``synchronous=FULL`` makes an
    acknowledged save survive a power cut; ``foreign_keys`` is off by default in SQLite.
    """
    if engine.dialect.name != "sqlite":
        return
    busy_timeout = int(app.config["SQLITE_BUSY_TIMEOUT_MS"])

    @event.listens_for(engine, "connect")
    def set_pragmas(dbapi_connection, _record):
        # pysqlite would otherwise open transactions lazily and behind our back;
        # we issue BEGIN ourselves below so that SQLite's locking is predictable.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={busy_timeout}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def begin(connection):
        # A transaction that may write takes the write lock at BEGIN, so it waits its turn
        # under busy_timeout instead of failing with "database is locked" when it upgrades a
        # read lock. Safe requests only read, and keep WAL's concurrent readers.
        if has_request_context() and (
            request.method in ("GET", "HEAD", "OPTIONS") or g.get("reads_only")
        ):
            connection.exec_driver_sql("BEGIN")
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")


def may_write_without_waiting() -> bool:
    """Whether a small write now costs this request no wait for another's write lock.

    PostgreSQL locks rows, so yes. SQLite has one write lock for the whole database: only
    a request that took it at BEGIN (an unsafe method that is not reading only) may write
    without waiting behind, say, a slow upload's save.
    """
    from app.extensions import db

    if db.engine.dialect.name != "sqlite" or not has_request_context():
        return True
    return request.method not in ("GET", "HEAD", "OPTIONS") and not g.get("reads_only")


def only_read_from_now() -> None:
    """The rest of this request only reads: its next transactions take no write lock.

    For the page that says a save could not wait for the lock: it can then be shown while
    the lock is still taken.
    """
    g.reads_only = True


def is_lock_timeout(error: Exception) -> bool:
    """Did ``error`` come from waiting longer than SQLITE_BUSY_TIMEOUT_MS for the write lock?"""
    return "database is locked" in str(getattr(error, "orig", error))


def render_migration_item(type_: str, obj, autogen_context):
    """Write UTCDateTime columns into migrations as plain DateTime (the same schema),
    so migration files import nothing from the application."""
    from app.extensions import UTCDateTime

    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    return False


def include_name(name: str | None, type_: str, parent_names) -> bool:
    """Alembic's filter: leave out what a feature manages outside SQLAlchemy's metadata
    (full-text search tables and indexes, listed in ``metadata.info["managed_elsewhere"]``),
    so that autogenerate never drops them and comparisons ignore them."""
    from app.extensions import db

    elsewhere = db.metadata.info.get("managed_elsewhere", set())
    if type_ in ("table", "index"):
        return name not in elsewhere
    if type_ == "column":
        return f"{parent_names.get('table_name')}.{name}" not in elsewhere
    return True


def bound_int_urls(app: Flask) -> None:
    """Every ``<int:...>`` in a URL rule is a DatabaseIntConverter (call before any rule)."""
    app.url_map.converters["int"] = DatabaseIntConverter
