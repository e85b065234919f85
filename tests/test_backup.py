"""`flask backup` and `flask restore`: the restore drill, and backups that must be refused."""

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from app.accounts.models import Role
from app.accounts.services import create_user
from app.backup.services import sha256_of
from app.extensions import db
from app.site.models import Setting
from app.site.services import save_settings
from tests.conftest import AuthActions, make_app

UPLOADS = {
    "reports/annual report 2025.pdf": b"%PDF-1.7 annual report",
    "logos/ñandú.png": b"\x89PNG\r\n\x1a\n logo",
    "minutes.txt": b"the minutes",
}


def add_data(app):
    with app.app_context():
        create_user("ana@example.org", "a long enough secret", Role.ADMIN)
        create_user("org@example.org", "another long secret", Role.PARTNER, "org-a")
        save_settings({"name": "Delta Partnership", "about": "Ünïcode **and** more"})
    uploads = Path(app.config["UPLOAD_FOLDER"])
    for name, content in UPLOADS.items():
        (uploads / name).parent.mkdir(parents=True, exist_ok=True)
        (uploads / name).write_bytes(content)


def snapshot(app) -> dict:
    """Every row of every table, and every upload's checksum."""
    with app.app_context():
        rows = {
            table.name: sorted(
                tuple(str(value) for value in row)
                for row in db.session.execute(select(table)).all()
            )
            for table in db.metadata.sorted_tables
        }
        db.session.remove()
    uploads = Path(app.config["UPLOAD_FOLDER"])
    files = {
        path.relative_to(uploads).as_posix(): sha256_of(path)
        for path in uploads.rglob("*")
        if path.is_file()
    }
    return {"rows": rows, "files": files}


def wipe(app):
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.create_all()
        db.session.add(Setting(key="name", value="Written after the backup"))
        db.session.commit()
    shutil.rmtree(app.config["UPLOAD_FOLDER"])
    Path(app.config["UPLOAD_FOLDER"]).mkdir()
    (Path(app.config["UPLOAD_FOLDER"]) / "stray.txt").write_text("not in the backup")


def backup(runner, destination):
    result = runner.invoke(args=["backup", str(destination)])
    assert result.exit_code == 0, result.output
    return result


def restore(runner, source, **kwargs):
    return runner.invoke(args=["restore", str(source), "--yes"], **kwargs)


def test_restore_drill(app, runner, tmp_path):
    add_data(app)
    before = snapshot(app)
    assert before["rows"]["user_account"] and len(before["files"]) == 3

    result = backup(runner, tmp_path / "backup")
    assert "3 upload(s)" in result.output
    wipe(app)
    assert snapshot(app) != before

    result = restore(runner, tmp_path / "backup")
    assert result.exit_code == 0, result.output
    assert snapshot(app) == before
    # The restored site works: the restored administrator can sign in.
    client = app.test_client()
    assert AuthActions(client).login("ana@example.org", "a long enough secret").status_code == 303
    assert "Delta Partnership" in client.get("/").get_data(as_text=True)


def test_the_manifest_lists_every_file_with_its_checksum(app, runner, tmp_path):
    add_data(app)
    backup(runner, tmp_path / "backup")
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    listed = {entry["path"]: entry for entry in manifest["files"]}
    database_file = manifest["database"]["file"]
    assert set(listed) == {database_file} | {f"uploads/{name}" for name in UPLOADS}
    for path, entry in listed.items():
        assert entry["sha256"] == sha256_of(tmp_path / "backup" / path)
        assert entry["size"] == (tmp_path / "backup" / path).stat().st_size
    assert manifest["format"] == "roundtable-backup"


def test_a_backup_never_overwrites_a_folder_in_use(app, runner, tmp_path):
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "keep.txt").write_text("mine")
    result = runner.invoke(args=["backup", str(tmp_path / "busy")])
    assert result.exit_code == 1
    assert "not empty" in result.output
    assert (tmp_path / "busy" / "keep.txt").read_text() == "mine"


def change_database(backup_dir: Path):
    database = next(backup_dir.glob("database.*"))
    data = bytearray(database.read_bytes())
    data[len(data) // 2] ^= 0xFF
    database.write_bytes(bytes(data))


def remove_upload(backup_dir: Path):
    (backup_dir / "uploads" / "minutes.txt").unlink()


def add_file(backup_dir: Path):
    (backup_dir / "uploads" / "extra.html").write_text("<script>alert(1)</script>")


def remove_manifest(backup_dir: Path):
    (backup_dir / "manifest.json").unlink()


def break_manifest(backup_dir: Path):
    (backup_dir / "manifest.json").write_text("{not json")


def escape_the_folder(backup_dir: Path):
    manifest = json.loads((backup_dir / "manifest.json").read_text())
    manifest["files"].append({"path": "../outside.txt", "size": 1, "sha256": "0" * 64})
    (backup_dir.parent / "outside.txt").write_text("x")
    (backup_dir / "manifest.json").write_text(json.dumps(manifest))


def rewrite_an_upload_and_its_size(backup_dir: Path):
    (backup_dir / "uploads" / "minutes.txt").write_bytes(b"forged mins")


@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        (change_database, "does not match its checksum"),
        (remove_upload, "incomplete: uploads/minutes.txt is missing"),
        (add_file, "uploads/extra.html is in the backup but not in its manifest"),
        (remove_manifest, "no manifest.json"),
        (break_manifest, "manifest.json is not readable"),
        (escape_the_folder, "outside the backup: ../outside.txt"),
        (rewrite_an_upload_and_its_size, "uploads/minutes.txt does not match its checksum"),
    ],
)
def test_a_tampered_or_incomplete_backup_is_refused_and_nothing_changes(
    app, runner, tmp_path, tamper, message
):
    add_data(app)
    backup(runner, tmp_path / "backup")
    wipe(app)
    after_wipe = snapshot(app)
    tamper(tmp_path / "backup")

    result = restore(runner, tmp_path / "backup")
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
    assert snapshot(app) == after_wipe


def test_restore_asks_first(app, runner, tmp_path):
    add_data(app)
    backup(runner, tmp_path / "backup")
    wipe(app)
    after_wipe = snapshot(app)
    result = runner.invoke(args=["restore", str(tmp_path / "backup")], input="n\n")
    assert result.exit_code == 1
    assert "Continue?" in result.output
    assert snapshot(app) == after_wipe


def test_a_backup_moves_only_to_the_same_kind_of_database(app, runner, tmp_path, backend):
    other = make_app(tmp_path / "sqlite-site")
    with other.app_context():
        db.create_all()
        save_settings({"name": "From the laptop"})
        db.engine.dispose()
    backup(other.test_cli_runner(), tmp_path / "backup")

    result = restore(runner, tmp_path / "backup")
    if backend == "sqlite":
        assert result.exit_code == 0, result.output
        with app.app_context():
            assert db.session.get(Setting, "name").value == "From the laptop"
    else:
        assert result.exit_code == 1
        assert "backup is of a sqlite database and this installation uses postgresql" in (
            result.output
        )


def test_postgresql_backup_without_pg_dump_fails_clearly(tmp_path, postgres_server, monkeypatch):
    app = make_app(tmp_path, postgres_server.create_database())
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "backup")])
    assert result.exit_code == 1
    assert "pg_dump is not installed or not on PATH" in result.output
    assert not (tmp_path / "backup").exists()
    assert not list(tmp_path.glob(".backup.partial"))
    with app.app_context():
        db.engine.dispose()


def test_a_sqlite_backup_holds_writes_still_in_the_wal_file(tmp_path):
    """The online backup API copies every committed row, without stopping the site."""
    app = make_app(tmp_path / "instance")
    with app.app_context():
        db.create_all()
        save_settings({"name": "Committed just now"})
        wal = Path(app.instance_path) / "roundtable.sqlite3-wal"
        assert wal.stat().st_size > 0  # the row is in the WAL, not yet in the main file
        backup(app.test_cli_runner(), tmp_path / "backup")
        db.engine.dispose()
    copy = sqlite3.connect(tmp_path / "backup" / "database.sqlite3")
    try:
        assert copy.execute("SELECT value FROM setting WHERE key = 'name'").fetchone() == (
            "Committed just now",
        )
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        copy.close()
