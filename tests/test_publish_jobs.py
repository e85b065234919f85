"""Publish as a job: one run at a time however many press the button (or run flask freeze),
a heartbeat while it runs, and a run whose process was killed shown as interrupted, with a
new run one click away."""

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from app.accounts.models import Role, utcnow
from app.accounts.services import create_user
from app.export.publishing import PublishRun, RunStatus
from app.extensions import db
from app.jobs import queue
from tests.conftest import PASSWORD, make_app
from tests.editing_helpers import signed_in_client
from tests.jobs_helpers import run_queued_jobs
from tests.test_publish import edit_form_token

ROOT = Path(__file__).resolve().parent.parent


def runs(app) -> list[PublishRun]:
    with app.app_context():
        found = list(db.session.scalars(select(PublishRun).order_by(PublishRun.id)))
        db.session.expunge_all()
        return found


def add_run(app, **values) -> None:
    with app.app_context():
        db.session.add(PublishRun(**values))
        db.session.commit()


def press_publish(client):
    return client.post("/manage/publish/", data={"csrf_token": edit_form_token(client)})


def test_two_presses_at_once_on_two_workers_start_one_run(app, make_user, tmp_path):
    user = make_user("editor")
    second = make_app(tmp_path / "second", app.config["SQLALCHEMY_DATABASE_URI"])
    clients = [signed_in_client(app, user), signed_in_client(second, user)]
    tokens = [edit_form_token(client) for client in clients]
    together = threading.Barrier(2)
    answers = []

    def press(client, token):
        together.wait()
        answers.append(client.post("/manage/publish/", data={"csrf_token": token}).status_code)

    threads = [
        threading.Thread(target=press, args=pair) for pair in zip(clients, tokens, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert answers == [303, 303]
    (run,) = runs(app)
    assert run.status == RunStatus.RUNNING
    queued = 0
    for worker in (app, second):
        with worker.app_context():
            queued += queue.pending_count()
    assert queued == 1
    with second.app_context():
        db.engine.dispose()


def test_a_run_whose_heartbeat_stopped_is_shown_interrupted_and_replaced(app, make_user):
    editor = signed_in_client(app, make_user("editor"))
    long_ago = utcnow() - timedelta(minutes=5)
    add_run(app, status="running", phase="render", done=40, total=120,
            started_at=long_ago, heartbeat_at=long_ago)  # fmt: skip
    page = editor.get("/manage/publish/").get_data(as_text=True)
    assert "The last publish stopped before it finished." in page
    assert "at 40 of 120 pages (writing the pages)" in page
    assert "hx-trigger" not in page  # nothing to follow

    answer = press_publish(editor)
    assert answer.status_code == 303
    assert "Started just now" in editor.get("/manage/publish/").get_data(as_text=True)
    assert run_queued_jobs(app) == 1
    old, new = runs(app)
    assert old.status == RunStatus.INTERRUPTED
    assert new.status == RunStatus.DONE, new.problems


def test_a_run_with_a_fresh_heartbeat_keeps_the_slot(app, make_user):
    editor = signed_in_client(app, make_user("editor"))
    add_run(app, status="running", phase="render", done=3, total=9, heartbeat_at=utcnow())
    press_publish(editor)
    page = editor.get("/manage/publish/").get_data(as_text=True)
    assert "Publishing…" in page and "3 of 9 pages" in page
    assert len(runs(app)) == 1
    with app.app_context():
        assert queue.pending_count() == 0


def test_flask_freeze_takes_the_same_slot(app, make_user):
    runner = app.test_cli_runner()
    add_run(app, status="running", phase="render", done=3, total=9, heartbeat_at=utcnow())
    refused = runner.invoke(args=["freeze"])
    assert refused.exit_code == 1
    assert "A publish is running (started just now); try again when it has finished." in (
        refused.output
    )

    with app.app_context():
        db.session.execute(PublishRun.__table__.update().values(status="done"))
        db.session.commit()
    done = runner.invoke(args=["freeze"])
    assert done.exit_code == 0, done.output
    last = runs(app)[-1]
    assert (last.requested_via, last.status, last.is_public_copy) == ("command", "done", True)
    assert last.total > 0 and last.heartbeat_at is not None


def test_a_command_line_run_is_shown_on_the_publish_page(app, make_user):
    editor = signed_in_client(app, make_user("editor"))
    add_run(app, status="running", phase="render", done=3, total=9, heartbeat_at=utcnow(),
            requested_via="command")  # fmt: skip
    page = editor.get("/manage/publish/").get_data(as_text=True)
    assert "Started just now from the command line (flask freeze)." in page


def test_a_failed_run_is_announced(app, make_user, monkeypatch):
    from app.export import publish_failed

    heard = []

    def crash(**kwargs):
        raise RuntimeError("the disk is on fire")

    monkeypatch.setattr("app.export.services.run_export", crash)
    editor = signed_in_client(app, make_user("editor"))
    with publish_failed.connected_to(lambda sender, run: heard.append(run.problems)):
        press_publish(editor)
        run_queued_jobs(app)
    assert heard == ["The export crashed: the disk is on fire"]


# The kill test: a real `flask worker` runs the demo's export, and is killed mid-run.


def wait_until(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    pytest.fail(f"gave up waiting for {what}")


@pytest.fixture
def app_config(request):
    # Small for the kill test, so that its run is soon taken for stopped; the default
    # elsewhere, so that a fresh heartbeat stays fresh however slow the machine.
    return {"PUBLISH_HEARTBEAT_TIMEOUT": 2} if "demo" in request.fixturenames else {}


def start_worker(app) -> subprocess.Popen:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "ROUNDTABLE_INSTANCE_PATH": app.instance_path,
        "ROUNDTABLE_DATABASE_URL": app.config["DATABASE_URL"],
        "ROUNDTABLE_SECRET_KEY": app.config["SECRET_KEY"],
        "ROUNDTABLE_PUBLISH_HEARTBEAT_TIMEOUT": "2",
        # One process renders the export: the kill finds it mid-run, not in a pool.
        "ROUNDTABLE_EXPORT_PROCESSES": "1",
    }
    return subprocess.Popen(  # noqa: S603  (this interpreter, the project's own command)
        [sys.executable, "-m", "flask", "--app", "wsgi", "worker", "--workers", "1"],
        cwd=ROOT, env=env, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


# What is under test is a process that dies, not the database: the slot and the heartbeat
# are tested on both backends above, and this test is the suite's slowest on PostgreSQL.
@pytest.mark.backends("sqlite")
def test_a_killed_worker_leaves_an_interrupted_run_and_a_new_one_finishes(demo):
    with demo.app_context():
        create_user("publisher@example.org", PASSWORD, Role.ADMIN, None)
    admin = demo.test_client()
    from tests.conftest import AuthActions

    AuthActions(admin).login("publisher@example.org")
    worker = start_worker(demo)
    try:
        assert press_publish(admin).status_code == 303

        def rendering():
            run = runs(demo)[-1]
            return run.phase == "render" and run.done > 0

        wait_until(rendering, 120, "the worker to render pages")
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
    (killed,) = runs(demo)
    assert killed.status == RunStatus.RUNNING and killed.done < killed.total

    page = wait_until(
        lambda: (
            (body := admin.get("/manage/publish/").get_data(as_text=True))
            and "The last publish stopped before it finished." in body
            and body
        ),
        # Seconds after the 2 s timeout; a minute at most, as coordinators are promised,
        # however loaded the machine running the tests is.
        60,
        "the run to be shown interrupted",
    )
    assert f"at {runs(demo)[0].done} of {killed.total} pages (writing the pages)" in page

    assert press_publish(admin).status_code == 303
    assert run_queued_jobs(demo) == 1
    old, new = runs(demo)
    assert old.status == RunStatus.INTERRUPTED
    assert new.status == RunStatus.DONE, new.problems
