"""Backups: a consistent copy of the database and the uploads, with checksums.

A backup is a folder:

    manifest.json         what is in it: format, database engine, and every file's SHA-256
    database.sqlite3      SQLite, copied with SQLite's online backup API (a consistent
                          snapshot even while the site is serving), or
    database.pgdump       PostgreSQL, from pg_dump in its custom format
    uploads/...           the upload folder, file by file

It is written under a temporary name and renamed when complete, so a folder with the
final name is never half a backup. Restoring checks every file against the manifest
first, and refuses a backup with a missing, changed, extra or escaping file.
"""

import hashlib
import json
import os
import shutil
import sqlite3

# Runs pg_dump and pg_restore only, with arguments built here and no shell.
import subprocess  # nosec B404
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from flask import current_app
from sqlalchemy import inspect, text
from sqlalchemy.engine import URL, make_url

from app.extensions import db

MANIFEST = "manifest.json"
FORMAT = "roundtable-backup"
VERSION = 1
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
UPLOADS = "uploads"


class BackupError(Exception):
    """A backup or restore could not be done; the message says why and what to do."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _database_url() -> URL:
    return make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])


def _engine_name() -> str:
    name = _database_url().get_backend_name()
    if name not in DATABASE_FILES:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {name}.")
    return name


def _schema_revision() -> str | None:
    if "alembic_version" not in inspect(db.engine).get_table_names():
        return None
    with db.engine.connect() as connection:
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


# Databases ---------------------------------------------------------------------------


def _sqlite_path() -> Path:
    return Path(_database_url().database or "")


def _copy_sqlite(source: Path, target: Path) -> None:
    """Copy with the online backup API: one consistent snapshot, WAL contents included."""
    source_connection = sqlite3.connect(source)
    target_connection = sqlite3.connect(target)
    try:
        source_connection.backup(target_connection)
        result = target_connection.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            raise BackupError(f"The copy of {source} failed SQLite's integrity check: {result}")
    finally:
        target_connection.close()
        source_connection.close()


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} is not installed or not on PATH. Install the PostgreSQL client tools "
            "(Debian: apt-get install postgresql-client) of the server's major version or newer."
        )
    return path


def _pg_command(tool: str, *args: str) -> tuple[list[str], dict[str, str]]:
    """A pg_dump/pg_restore command line for the configured database, and its environment.

    The password travels in PGPASSWORD, not on the command line where `ps` would show it.
    """
    url = _database_url()
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    libpq_url = url.set(drivername="postgresql", password=None).render_as_string()
    return [_pg_tool(tool), *args, f"--dbname={libpq_url}"], env


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(  # noqa: S603  # nosec B603
        command, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        tool = Path(command[0]).name
        raise BackupError(f"{tool} failed: {result.stderr.strip() or result.returncode}")


def _dump_database(engine: str, target: Path) -> None:
    if engine == "sqlite":
        _copy_sqlite(_sqlite_path(), target)
    else:
        command, env = _pg_command(
            "pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"
        )
        _run(command, env)


def _load_database(engine: str, source: Path) -> None:
    # Nothing of ours may hold a connection while the database is replaced under it.
    db.session.remove()
    db.engine.dispose()
    if engine == "sqlite":
        _copy_sqlite(source, _sqlite_path())
    else:
        command, env = _pg_command(
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            str(source),
        )
        _run(command, env)


# Backup ------------------------------------------------------------------------------


def create_backup(destination: Path) -> dict:
    """Write a backup of the database and uploads to the new folder ``destination``.

    :returns: the manifest.
    :raises BackupError: ``destination`` exists and is not empty, or a copy failed.
    """
    destination = Path(destination)
    if destination.exists() and (not destination.is_dir() or any(destination.iterdir())):
        raise BackupError(f"{destination} already exists and is not empty; choose a new folder.")
    engine = _engine_name()
    partial = destination.with_name(f".{destination.name}.partial")
    if partial.exists():
        shutil.rmtree(partial)
    partial.mkdir(parents=True)
    try:
        database_file = DATABASE_FILES[engine]
        _dump_database(engine, partial / database_file)
        uploads = Path(current_app.config["UPLOAD_FOLDER"])
        if uploads.is_dir():
            shutil.copytree(uploads, partial / UPLOADS, symlinks=False)
        files = [
            {
                "path": path.relative_to(partial).as_posix(),
                "size": path.stat().st_size,
                "sha256": sha256_of(path),
            }
            for path in sorted(partial.rglob("*"))
            if path.is_file()
        ]
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "database": {"engine": engine, "file": database_file, "revision": _schema_revision()},
            "files": files,
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        if destination.exists():
            destination.rmdir()
        partial.rename(destination)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return manifest


# Restore -----------------------------------------------------------------------------


def _safe_member(source: Path, name: object) -> Path:
    """The file ``name`` inside ``source``; refuses absolute paths and ``..``."""
    if not isinstance(name, str) or not name:
        raise BackupError("The manifest lists a file without a name.")
    relative = PurePosixPath(name)
    if relative.is_absolute() or ".." in relative.parts or "\\" in name:
        raise BackupError(f"The manifest lists a file outside the backup: {name}")
    return source.joinpath(*relative.parts)


def verify_backup(source: Path) -> dict:
    """Check a backup folder against its manifest.

    :returns: the manifest.
    :raises BackupError: no manifest, an unknown format, or a file that is missing, changed,
        unlisted, a link, or outside the folder.
    """
    source = Path(source)
    manifest_file = source / MANIFEST
    if not manifest_file.is_file():
        raise BackupError(f"{source} has no {MANIFEST}: it is not a complete backup.")
    try:
        manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
        files = manifest["files"]
        engine = manifest["database"]["engine"]
        database_file = manifest["database"]["file"]
    except (ValueError, KeyError, TypeError) as error:
        raise BackupError(f"{MANIFEST} is not readable: {error}") from error
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise BackupError(f"{source} is not a Roundtable backup of version {VERSION}.")
    if DATABASE_FILES.get(engine) != database_file:
        raise BackupError(f"{MANIFEST} names an unknown database: {engine} {database_file}")

    listed = set()
    for entry in files:
        if not isinstance(entry, dict):
            raise BackupError(f"{MANIFEST} has a malformed file entry.")
        path = _safe_member(source, entry.get("path"))
        if path.is_symlink() or not path.is_file():
            raise BackupError(f"The backup is incomplete: {entry['path']} is missing.")
        if path.stat().st_size != entry.get("size") or sha256_of(path) != entry.get("sha256"):
            raise BackupError(f"{entry['path']} does not match its checksum: it was changed.")
        listed.add(entry["path"])
    if database_file not in listed:
        raise BackupError(f"The backup is incomplete: {database_file} is not listed.")
    for path in source.rglob("*"):
        name = path.relative_to(source).as_posix()
        if name != MANIFEST and (path.is_symlink() or path.is_file()) and name not in listed:
            raise BackupError(f"{name} is in the backup but not in its manifest.")
    return manifest


def _replace_uploads(source: Path) -> None:
    uploads = Path(current_app.config["UPLOAD_FOLDER"])
    incoming = uploads.with_name(f".{uploads.name}.restoring")
    outgoing = uploads.with_name(f".{uploads.name}.replaced")
    for leftover in (incoming, outgoing):
        if leftover.exists():
            shutil.rmtree(leftover)
    if source.is_dir():
        shutil.copytree(source, incoming, symlinks=False)
    else:
        incoming.mkdir(parents=True)
    if uploads.exists():
        uploads.rename(outgoing)
    incoming.rename(uploads)
    shutil.rmtree(outgoing, ignore_errors=True)


def restore_backup(source: Path) -> dict:
    """Replace the database and the uploads with the backup in ``source``.

    Everything is verified before anything is replaced. Stop the site first: the database
    is replaced under any process that has it open.

    :returns: the manifest.
    :raises BackupError: the backup is not intact, or is of another database engine.
    """
    source = Path(source)
    manifest = verify_backup(source)
    engine = _engine_name()
    if manifest["database"]["engine"] != engine:
        raise BackupError(
            f"This backup is of a {manifest['database']['engine']} database and this "
            f"installation uses {engine}."
        )
    _load_database(engine, source / manifest["database"]["file"])
    _replace_uploads(source / UPLOADS)
    return manifest
