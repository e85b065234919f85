"""The job queue: jobs run through its real storage (SQLite in the instance folder, or
Redis), a job that keeps failing is retried and then listed at /manage/jobs/, where an
administrator queues it again."""

import re
import time
from datetime import timedelta
from pathlib import Path

import pytest
import redis
from huey import crontab

from app.extensions import db
from app.jobs import queue
from app.jobs.models import FailedJob
from tests.editing_helpers import signed_in_client
from tests.jobs_helpers import run_queued_jobs


@queue.task()
def write_note(path: str, text: str) -> None:
    Path(path).write_text(text)


@queue.task(retries=2, retry_delay=60, retry_backoff=2)
def count_then_fail(path: str) -> None:
    tries = Path(path)
    tries.write_text(str(int(tries.read_text() or 0) + 1) if tries.exists() else "1")
    raise ConnectionError("the far end hung up")


@queue.periodic_task(crontab(minute="0", hour="6"))
def morning_summary() -> None:
    """Sums up the night's work every morning."""


def test_a_job_waits_in_the_instance_folder_until_a_worker_runs_it(app, tmp_path):
    note = tmp_path / "note.txt"
    with app.app_context():
        write_note(str(note), "hello")
        assert queue.pending_count() == 1
    assert (Path(app.instance_path) / "jobs.sqlite3").is_file()
    assert not note.exists()

    assert run_queued_jobs(app) == 1
    assert note.read_text() == "hello"
    with app.app_context():
        assert queue.pending_count() == 0


def test_a_running_worker_takes_jobs_from_its_own_site_only(app, tmp_path):
    # A second site built in the same process after the worker started (as the tests do)
    # must not divert the worker to its queue, nor have its jobs run by that worker.
    from app.jobs.consumer import start_embedded_consumer
    from tests.conftest import make_app

    consumer = start_embedded_consumer(app)
    try:
        other = make_app(tmp_path / "other-instance")
        ours, theirs = tmp_path / "ours.txt", tmp_path / "theirs.txt"
        with other.app_context():
            write_note(str(theirs), "theirs")
        with app.app_context():
            write_note(str(ours), "ours")
        deadline = time.monotonic() + 30
        while not ours.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert ours.read_text() == "ours"
        assert not theirs.exists()
        with other.app_context():
            assert queue.pending_count() == 1
    finally:
        consumer.stop(graceful=True)


def failed_rows(app) -> list[tuple[str, str]]:
    with app.app_context():
        return [(job.name, job.error) for job in db.session.query(FailedJob)]


def test_a_failing_job_is_retried_listed_as_failed_and_queued_again(app, make_user, tmp_path):
    tries = tmp_path / "tries"
    with app.app_context():
        count_then_fail(str(tries))

    # The first try fails; the retry waits for its back-off.
    assert run_queued_jobs(app) == 1
    assert tries.read_text() == "1" and failed_rows(app) == []
    admin = signed_in_client(app, make_user("admin"))
    page = admin.get("/manage/jobs/").get_data(as_text=True)
    assert "Waiting for their time (1)</h2>" in page and "count_then_fail" in page

    # Two retries, then it is recorded as failed, with its error.
    assert run_queued_jobs(app, later=timedelta(hours=1)) == 2
    assert tries.read_text() == "3"
    assert failed_rows(app) == [("count_then_fail", "ConnectionError: the far end hung up")]
    page = admin.get("/manage/jobs/").get_data(as_text=True)
    assert "ConnectionError: the far end hung up" in page
    token = re.search(r'action="(/manage/jobs/failed/\d+/retry)"', page).group(1)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)

    # Without the form's token the retry is refused.
    assert admin.post(token).status_code == 400
    answer = admin.post(token, data={"csrf_token": csrf})
    assert answer.status_code == 303
    assert "The job is queued again." in admin.get("/manage/jobs/").get_data(as_text=True)
    assert failed_rows(app) == []
    # Queued afresh with all its retries: three more tries, then failed again.
    assert run_queued_jobs(app, later=timedelta(hours=1)) == 3
    assert tries.read_text() == "6"
    assert len(failed_rows(app)) == 1


def test_the_jobs_page_lists_periodic_jobs_and_when_they_run(app, make_user):
    admin = signed_in_client(app, make_user("admin"))
    page = admin.get("/manage/jobs/").get_data(as_text=True)
    row = re.search(r"<td>morning_summary</td>.*?</tr>", page, re.S).group(0)
    assert "Sums up the night&#39;s work every morning." in row
    assert re.search(r'<time datetime="[0-9-]+T06:00:00\+00:00">', row)


def test_only_administrators_see_the_jobs_page(app, make_user):
    editor = signed_in_client(app, make_user("editor"))
    assert editor.get("/manage/jobs/").status_code == 403
    assert "/manage/jobs/" not in editor.get("/manage/").get_data(as_text=True)
    admin = signed_in_client(app, make_user("admin"))
    assert 'href="/manage/jobs/"' in admin.get("/manage/").get_data(as_text=True)


@pytest.fixture
def redis_jobs_url(redis_url):
    """Database 15 of the test Redis server, emptied first."""
    url = redis_url.rpartition("/")[0] + "/15"
    redis.Redis.from_url(url).flushdb()
    return url


@pytest.fixture
def app_config(request):
    if "redis_jobs_url" in request.fixturenames:
        return {"JOBS_URL": request.getfixturevalue("redis_jobs_url")}
    return {}


def test_with_jobs_url_the_queue_is_in_redis(app, redis_jobs_url, tmp_path):
    note = tmp_path / "note.txt"
    with app.app_context():
        write_note(str(note), "from redis")
    server = redis.Redis.from_url(redis_jobs_url)
    assert any(b"roundtable" in key for key in server.scan_iter())
    assert not (Path(app.instance_path) / "jobs.sqlite3").exists()

    assert run_queued_jobs(app) == 1
    assert note.read_text() == "from redis"
