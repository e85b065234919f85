"""Rendering the export in several processes: the same files as one process, one state of
the records for every process, and a dying process leaves the previous export as it was."""

import gc
import json
import os
import time

import pytest
from flask import Blueprint, abort, render_template_string
from sqlalchemy import func, select, update

from app.export import collector, depends_on, register_public_urls, run_export, workers
from app.export.build import ExportBuild
from app.export.manifest import MANIFEST_NAME
from app.export.plan import PlannedPage
from app.export.render import Renderer
from app.export.workers import CHUNK, MIN_PAGES, MIN_SECONDS, process_count, share_out
from app.extensions import db
from app.meetings.models import Meeting
from app.partners.models import Partner
from tests.conftest import make_app
from tests.export_helpers import (
    assert_same_as_a_full_export,
    manifest_pages,
    notes_blueprint,
)


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
    for page in manifest["pages"].values():
        page.pop("seconds")  # how long it took, which no two runs share
    return files, manifest


def test_processes_write_the_same_export_as_one_process(demo, tmp_path):
    app = demo
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


def test_every_process_reads_the_state_the_run_started_with(demo, tmp_path, monkeypatch):
    app = demo
    app.config["EXPORT_SEARCH_INDEX"] = False
    with app.app_context():
        partner = db.session.scalars(select(Partner).where(Partner.name != "")).first()
        old_name, partner_id = partner.name, partner.id
    share_snapshot = workers.share_snapshot

    def share_then_rename(scratch):
        # A coordinator's save lands after the run took its snapshot, before any worker
        # has read a record.
        snapshot = share_snapshot(scratch)
        with db.engine.begin() as connection:
            connection.execute(
                update(Partner)
                .where(Partner.id == partner_id)
                .values(name="Renamed while exporting")
            )
        return snapshot

    monkeypatch.setattr(workers, "share_snapshot", share_then_rename)
    report = export(app, tmp_path / "site", 2)
    assert report.ok, report.problems
    texts = [path.read_text("utf-8") for path in (tmp_path / "site").rglob("*.html")]
    assert not [text for text in texts if "Renamed while exporting" in text]
    assert sum(old_name in text for text in texts) >= 4  # its page in every language


def on_the_directory_in_a_worker(monkeypatch, happen) -> None:
    """Make ``happen()`` when a rendering process (not this one) starts the directory."""
    parent = os.getpid()
    render = Renderer.render

    def render_after(self, page):
        if page.path == "/partners/" and os.getpid() != parent:
            happen()
        return render(self, page)

    monkeypatch.setattr(Renderer, "render", render_after)


def test_a_dying_process_leaves_the_previous_export_intact(demo_site, tmp_path, monkeypatch):
    app, out = demo_site
    before = tree(out)
    # As a process killed for lack of memory would end.
    on_the_directory_in_a_worker(monkeypatch, lambda: os._exit(3))
    report = export(app, out, 2)
    assert not report.ok
    first = report.problems[0]
    assert first.kind == "crash"
    assert "a rendering process died" in first.message
    assert "the previous export is left as it was" in first.message
    assert tree(out) == before
    assert not list(tmp_path.glob(".site.build-*"))  # nor the half-made one beside it


def test_a_stuck_process_ends_the_run_and_leaves_the_previous_export(
    demo_site, tmp_path, monkeypatch
):
    app, out = demo_site
    before = tree(out)
    # As a process forked while another thread held a lock waits for it: forever, using
    # no processor time.
    on_the_directory_in_a_worker(monkeypatch, lambda: time.sleep(3600))
    monkeypatch.setattr(workers, "STALL_SECONDS", 2)
    monkeypatch.setattr(workers, "STALL_CHECK_SECONDS", 0.5)
    started = time.monotonic()
    report = export(app, out, 2)
    assert time.monotonic() - started < 120  # it ended: Publish is free again
    assert not report.ok
    first = report.problems[0]
    assert first.kind == "crash"
    assert "the rendering processes stopped working" in first.message
    assert "the previous export is left as it was" in first.message
    assert tree(out) == before


def test_small_exports_render_in_one_process_unless_told(app):
    with app.app_context():
        assert process_count(app, MIN_PAGES - 1) == 1
        assert process_count(app, MIN_PAGES) == len(os.sched_getaffinity(0))
        app.config["EXPORT_PROCESSES"] = 1
        assert process_count(app, 100 * MIN_PAGES) == 1
        app.config["EXPORT_PROCESSES"] = 3
        assert process_count(app, 10) == 3


def test_a_few_pages_that_took_long_last_time_are_shared_out(app):
    cores = len(os.sched_getaffinity(0))
    with app.app_context():
        assert process_count(app, 20, MIN_SECONDS - 0.1) == 1
        assert process_count(app, 20, MIN_SECONDS) == cores
    # The costliest page first, each to the process with the least to do so far; a page
    # the last export did not time (0) counts as a typical one.
    plan = [PlannedPage(f"/p{number}/") for number in range(5)]
    costs = [0.0, 3.0, 1.0, 1.0, 1.0]
    shares = share_out(plan, 2, costs)
    assert [[page.path for page in share] for share in shares] == [
        ["/p1/", "/p0/"],
        ["/p2/", "/p3/", "/p4/"],
    ]
    # The two data files read every partner once for both: they stay in one process
    # while they cost no more than an even share; a hundred meeting pages are shared.
    plan = [PlannedPage("/data/partners.csv"), PlannedPage("/data/partners.json")]
    plan += [PlannedPage(f"/p{number}/") for number in range(4)]
    groups = ["opendata.download"] * 2 + [f"/p{number}/" for number in range(4)]
    shares = share_out(plan, 2, [1.0, 2.0, 0.8, 0.8, 0.8, 0.8], groups)
    assert [[page.path for page in share] for share in shares] == [
        ["/data/partners.csv", "/data/partners.json"],
        ["/p0/", "/p1/", "/p2/", "/p3/"],
    ]
    meetings = [PlannedPage(f"/meetings/{number}/") for number in range(6)]
    shares = share_out(meetings, 2, [1.0] * 6, ["meetings.meeting"] * 6)
    assert sorted(len(share) for share in shares) == [3, 3]
    # A large plan goes in slices of CHUNK pages, in order.
    many = [PlannedPage(f"/p{number}/") for number in range(3 * CHUNK)]
    assert share_out(many, 2, [0.01] * len(many)) == [
        many[:CHUNK],
        many[CHUNK : 2 * CHUNK],
        many[2 * CHUNK :],
    ]


def first_partner():
    return Partner, db.session.scalar(select(func.min(Partner.id)))


def first_meeting():
    # A meeting belongs to a body (register_parents), so an update reads the database
    # before it renders: that read must not take SQLite's write lock, or copying the
    # snapshot for the rendering processes would wait for it forever.
    return Meeting, db.session.scalar(select(func.min(Meeting.id)))


@pytest.mark.parametrize("edited", [first_partner, first_meeting])
def test_a_republish_with_a_slow_page_renders_in_processes(demo_site, tmp_path, edited):
    """After an edit the data files listing every partner are re-rendered, and on a large
    coalition they take seconds: the manifest keeps each page's time, and the next run
    shares such a plan out between processes, with the same result as one process."""
    app, out = demo_site
    manifest = json.loads((out / MANIFEST_NAME).read_text())
    assert all(page["seconds"] > 0 for page in manifest["pages"].values())
    for page in manifest["pages"].values():
        page["seconds"] = MIN_SECONDS  # as the pages of a large coalition take
    (out / MANIFEST_NAME).write_text(json.dumps(manifest))
    with app.app_context():
        model, record_id = edited()
        text = "Now also runs seed banks."
        field = "description" if model is Partner else "summary"
        db.session.execute(update(model).where(model.id == record_id).values({field: text}))
        db.session.commit()
    report = export(app, out, 0, changes=[(model.record_type, record_id)])
    assert report.ok and report.mode == "incremental", (report.problems, report.reason)
    assert report.processes == len(os.sched_getaffinity(0))
    shown = [path for path in out.rglob("*.html") if text in path.read_text("utf-8")]
    assert len(shown) >= 4  # its page in every language, at least
    assert_same_as_a_full_export(app, out, tmp_path)


def test_copying_the_snapshot_gives_up_on_a_database_locked_for_writing(tmp_path, monkeypatch):
    """SQLite's backup retries a connection that holds the write lock forever: the export
    says what happened instead of never ending."""
    monkeypatch.setattr(workers, "SNAPSHOT_WAIT_SECONDS", 0.5)
    app = make_app(tmp_path / "instance")
    with app.app_context():
        db.create_all()
        db.session.scalars(select(Partner.id)).all()  # outside a GET: BEGIN IMMEDIATE
        with pytest.raises(workers.RenderProcessError, match="stayed locked"):
            workers.share_snapshot(tmp_path)


def test_the_collector_sees_everything_again_once_the_last_run_ends(demo_site):
    """The manifest is hidden from the cycle collector during a run (a process-wide
    freeze); a process that stayed frozen would never collect those objects' cycles."""
    app, out = demo_site
    with app.app_context():
        partner = db.session.scalars(select(Partner)).first()
        changes = [("partner", partner.id)]
    with collector.frozen():  # a run in another thread, still going
        assert gc.get_freeze_count() > 0
        report = export(app, out, 2, changes=changes)
        assert report.ok and report.mode == "incremental"
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0


def started_before_listing(monkeypatch) -> list[set[str]]:
    """Records, for each run, the pages handed to the processes before the URLs were listed."""
    started = []
    list_urls = ExportBuild._seeds

    def noting(self):
        started.append(set(self.discovery.queued))
        return list_urls(self)

    monkeypatch.setattr(ExportBuild, "_seeds", noting)
    return started


def test_an_update_in_processes_ends_as_a_full_export_would(app, tmp_path, monkeypatch):
    """The pages known to change are rendered while the update lists every URL; the new
    pages, the removed ones and the sitemap come out as a full export has them."""
    notes = {"water": "Clean water for all.", "dams": "No new dams.", "fish": "More fish."}
    app.register_blueprint(notes_blueprint(notes))
    app.config["EXPORT_SEARCH_INDEX"] = False
    out = tmp_path / "site"
    assert export(app, out, 2).ok
    started = started_before_listing(monkeypatch)
    notes["dams"] = "A moratorium on new dams."
    notes["rice"] = "Salt-tolerant rice."
    del notes["fish"]
    changes = [("note", "dams"), ("note", "rice"), ("note", "fish")]
    report = export(app, out, 2, changes=changes)
    assert report.ok and report.mode == "incremental", (report.problems, report.reason)
    assert report.processes == 2
    assert started[-1] == {"/notes/", "/notes/dams/", "/notes/fish/"}
    assert {"/notes/rice/", "/sitemap.xml"} <= set(report.rendered)
    assert report.removed == ["/notes/fish/"]
    assert "A moratorium" in (out / "notes/dams/index.html").read_text("utf-8")
    sitemap = (out / "sitemap.xml").read_text("utf-8")
    assert "notes/rice/" in sitemap and "notes/fish/" not in sitemap
    # Declared pages stay known as such, for the next update's check of lost pages.
    assert manifest_pages(out)["/notes/dams/"]["seed"] is True
    assert_same_as_a_full_export(app, out, tmp_path)


def test_a_page_started_early_is_still_judged_as_declared(app, tmp_path, monkeypatch):
    """A page rendered before the URLs were listed that no longer answers while still
    declared fails the update, as it would in one process; the export stays as it was."""
    served = {"a", "b"}
    bp = Blueprint("things", __name__, url_prefix="/things")

    @bp.route("/<slug>/")
    def thing(slug):
        if slug not in served:
            abort(404)
        depends_on("thing", slug)
        return render_template_string("<!doctype html><title>{{ s }}</title><p>{{ s }}", s=slug)

    @bp.record_once
    def declare(state):
        register_public_urls(state.app, lambda: [("things.thing", {"slug": "a"}),
                                                 ("things.thing", {"slug": "b"})])  # fmt: skip

    app.register_blueprint(bp)
    app.config["EXPORT_SEARCH_INDEX"] = False
    out = tmp_path / "site"
    assert export(app, out, 2).ok
    before = tree(out)
    started = started_before_listing(monkeypatch)
    served.discard("b")  # still declared, but gone
    report = export(app, out, 2, changes=[("thing", "b")])
    assert started[-1] == {"/things/b/"}
    assert not report.ok
    problems = [(problem.kind, problem.url, problem.message) for problem in report.problems]
    assert problems == [("status", "/things/b/", "answers 404, expected 200")]
    assert tree(out) == before
