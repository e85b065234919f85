"""Rendering the export in several processes: the same files as one process, one state of
the records for every process, and a dying process leaves the previous export as it was."""

import json
import os

from sqlalchemy import select, update

from app.directory.models import Organisation
from app.export import run_export, workers
from app.export.build import ExportBuild
from app.export.manifest import MANIFEST_NAME
from app.export.workers import MIN_PAGES, process_count
from app.extensions import db
from tests.export_helpers import load_full_demo


def export(app, out, processes: int, **options):
    app.config["EXPORT_PROCESSES"] = processes
    with app.app_context():
        report = run_export(out, **options)
    return report


def tree(root):
    """Every file below ``root`` and its bytes, the manifest read as data without its date."""
    files = {}
    for path in sorted(root.rglob("*")):
        if path.is_file():
            files[path.relative_to(root).as_posix()] = path.read_bytes()
    manifest = json.loads(files.pop(MANIFEST_NAME))
    manifest.pop("built_at")
    return files, manifest


def test_processes_write_the_same_export_as_one_process(app, tmp_path):
    load_full_demo(app)
    one = export(app, tmp_path / "one", 1)
    two = export(app, tmp_path / "two", 2)
    assert one.ok and two.ok, (one.problems, two.problems)
    assert (one.processes, two.processes) == (1, 2)
    assert sorted(two.rendered) == sorted(one.rendered)
    files_one, manifest_one = tree(tmp_path / "one")
    files_two, manifest_two = tree(tmp_path / "two")
    assert files_two.keys() == files_one.keys()
    differing = [name for name in files_one if files_one[name] != files_two[name]]
    assert differing == []
    assert manifest_two == manifest_one


def test_every_process_reads_the_state_the_run_started_with(app, tmp_path, monkeypatch):
    load_full_demo(app)
    app.config["EXPORT_SEARCH_INDEX"] = False
    with app.app_context():
        partner = db.session.scalars(select(Organisation).where(Organisation.name != "")).first()
        old_name, partner_id = partner.name, partner.id
    share_snapshot = workers.share_snapshot

    def share_then_rename(scratch):
        # A coordinator's save lands after the run took its snapshot, before any worker
        # has read a record.
        snapshot = share_snapshot(scratch)
        with db.engine.begin() as connection:
            connection.execute(
                update(Organisation)
                .where(Organisation.id == partner_id)
                .values(name="Renamed while exporting")
            )
        return snapshot

    monkeypatch.setattr(workers, "share_snapshot", share_then_rename)
    report = export(app, tmp_path / "site", 2)
    assert report.ok, report.problems
    texts = [path.read_text("utf-8") for path in (tmp_path / "site").rglob("*.html")]
    assert not [text for text in texts if "Renamed while exporting" in text]
    assert sum(old_name in text for text in texts) >= 4  # its page in every language


def test_a_dying_process_leaves_the_previous_export_intact(app, tmp_path, monkeypatch):
    load_full_demo(app)
    app.config["EXPORT_SEARCH_INDEX"] = False
    out = tmp_path / "site"
    assert export(app, out, 2).ok
    before = tree(out)
    parent = os.getpid()
    render_one = ExportBuild._render_one

    def die_on_the_directory(self, path, *args):
        if path == "/partners/" and os.getpid() != parent:
            os._exit(3)  # as a process killed for lack of memory would end
        return render_one(self, path, *args)

    monkeypatch.setattr(ExportBuild, "_render_one", die_on_the_directory)
    report = export(app, out, 2)
    assert not report.ok
    first = report.problems[0]
    assert first.kind == "crash"
    assert "a rendering process died" in first.message
    assert "the previous export is left as it was" in first.message
    assert tree(out) == before
    assert not list(tmp_path.glob(".site.build-*"))  # nor the half-made one beside it


def test_small_exports_render_in_one_process_unless_told(app):
    with app.app_context():
        assert process_count(app, MIN_PAGES - 1) == 1
        assert process_count(app, MIN_PAGES) == len(os.sched_getaffinity(0))
        app.config["EXPORT_PROCESSES"] = 1
        assert process_count(app, 100 * MIN_PAGES) == 1
        app.config["EXPORT_PROCESSES"] = 3
        assert process_count(app, 10) == 3
