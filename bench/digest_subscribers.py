"""Digests to 10,000 subscribers while readers load pages: what sending costs the pages.

A site made by `flask setup` gets 10,000 confirmed subscribers (daily, in every language)
whose digest is due, and one published meeting with approved minutes. gunicorn (2 workers)
serves the home page to 8 closed-loop clients, first alone, then while a real `flask worker`
(a subprocess) runs the queued digest job and delivers every digest to a local aiosmtpd
server. Prints pages/s and p95 of both, and the time until the 10,000th mail arrived.

.venv/bin/python bench/digest_subscribers.py [--subscribers 10000] [--seconds 20] [--nice 0]
"""

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

from aiosmtpd.controller import Controller

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from load import LoadResult, run_load  # noqa: E402
from serve import BIN, ROOT, flask, free_port, served  # noqa: E402

LANGUAGES = ["en", "fr", "es", "ar"]


class CountingServer:
    """An SMTP server that counts what it accepts, and remembers when the last arrived."""

    def __init__(self) -> None:
        self.count = 0
        self.last_at = 0.0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802  (aiosmtpd's name)
        with self.lock:
            self.count += 1
            self.last_at = time.monotonic()
        return "250 Message accepted for delivery"


def prepare(instance: Path, subscribers: int, env: dict) -> None:
    """Subscribers whose daily digest is due, and one approved, published minutes."""
    os.environ.update(env)
    from app import create_app
    from app.accounts.models import utcnow
    from app.editing.services import create_record, publish_record
    from app.extensions import db
    from app.meetings.minutes import approve_minutes, circulate_minutes
    from app.meetings.models import GovernanceBody, Meeting, Minutes
    from app.subscriptions import tasks
    from app.subscriptions.models import Subscriber

    app = create_app({"INSTANCE_PATH": str(instance)})
    with app.app_context():
        since = utcnow() - timedelta(minutes=1)
        db.session.execute(
            Subscriber.__table__.insert(),
            [
                {"email": f"reader{n}@example.org", "kinds": [], "frequency": "daily",
                 "language": LANGUAGES[n % len(LANGUAGES)], "requested_at": since,
                 "confirmed_at": since, "last_digest_at": since}
                for n in range(subscribers)
            ],
        )  # fmt: skip
        body = create_record(GovernanceBody, {"name": "Steering Committee",
                             "slug": "steering-committee", "kind": "steering committee",
                             "members": [], "terms_of_reference": ""}, None)  # fmt: skip
        publish_record(body, None)
        meeting = create_record(Meeting, {
            "title": "General assembly", "slug": "assembly", "body_id": body.id,
            "meeting_date": utcnow().date().isoformat(), "start_time": "09:00",
            "end_time": "11:00", "timezone": "UTC", "place": "", "online_url": "",
            "summary": "", "agenda": [], "attendance": [], "others_present": 0}, None)  # fmt: skip
        publish_record(meeting, None)
        minutes = create_record(Minutes, {"meeting_id": meeting.id, "body": "We met."}, None)
        circulate_minutes(minutes, None)
        approve_minutes(minutes, meeting, meeting.meeting_date, None)
        publish_record(minutes, None)
        db.session.commit()
        # A day later: every digest is due, and lists the minutes.
        db.session.execute(
            Subscriber.__table__.update().values(last_digest_at=since - timedelta(days=1))
        )
        db.session.commit()
        tasks.send_due_digests()  # queued, for the worker to run
        db.engine.dispose()


def load_until(url: str, done: threading.Event, concurrency: int) -> LoadResult:
    """Load ``url`` in 2 s rounds until ``done`` is set; every round's answers together."""
    total = LoadResult(0, 0, 0.0, [])
    while not done.is_set():
        part = run_load(url, 2, concurrency)
        total = LoadResult(
            total.requests + part.requests,
            total.errors + part.errors,
            total.seconds + part.seconds,
            total.latencies_ms + part.latencies_ms,
        )
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=20, help="the baseline's length")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--nice", type=int, default=0, help="the worker's niceness")
    parser.add_argument(
        "--worker-log", type=Path, help="keep what flask worker prints (its jobs' failures)"
    )
    args = parser.parse_args()

    smtp = CountingServer()
    port = free_port()
    controller = Controller(smtp, hostname="127.0.0.1", port=port)
    controller.start()
    env = {"ROUNDTABLE_MAIL_SERVER": "127.0.0.1", "ROUNDTABLE_MAIL_PORT": str(port),
           "ROUNDTABLE_MAIL_TIMEOUT": "30", "PYTHONPATH": str(ROOT)}  # fmt: skip
    try:
        with tempfile.TemporaryDirectory() as folder:
            instance = Path(folder) / "instance"
            flask(instance, "setup", env=env)
            env["ROUNDTABLE_INSTANCE_PATH"] = str(instance)
            prepare(instance, args.subscribers, env)
            with served(instance, workers=2, env=env) as base_url:
                home = base_url + "/"
                run_load(home, seconds=1, concurrency=2)  # warm up both workers
                alone = run_load(home, args.seconds, args.concurrency)

                done = threading.Event()
                result: list[LoadResult] = []
                loader = threading.Thread(
                    target=lambda: result.append(load_until(home, done, args.concurrency))
                )
                started = time.monotonic()
                log = args.worker_log.open("w") if args.worker_log else subprocess.DEVNULL
                worker = subprocess.Popen(
                    ["nice", "-n", str(args.nice), str(BIN / "flask"), "worker"],
                    cwd=ROOT, env={**os.environ, **env},
                    stdout=log, stderr=subprocess.STDOUT,
                )  # fmt: skip
                loader.start()
                try:
                    while smtp.count < args.subscribers:
                        if worker.poll() is not None:
                            raise RuntimeError("flask worker stopped")
                        time.sleep(0.5)
                finally:
                    done.set()
                    loader.join()
                    worker.terminate()
                    worker.wait(timeout=60)
                sending = smtp.last_at - started
                during = result[0]
    finally:
        controller.stop()

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, "
          f"{platform.python_implementation()} {platform.python_version()}")  # fmt: skip
    print(f"home page, gunicorn 2 workers, SQLite, {args.concurrency} clients")
    print(f"  alone:             {alone.summary()}")
    print(f"  while sending:     {during.summary()}")
    slower = (1 - during.rate / alone.rate) * 100
    p95 = (during.percentile(95) / alone.percentile(95) - 1) * 100
    print(f"  pages/s {slower:+.1f} % slower, p95 {p95:+.1f} %")
    print(f"{smtp.count} digests delivered in {sending:.1f} s "
          f"({smtp.count / sending:.0f}/s) by flask worker (nice {args.nice})")  # fmt: skip


if __name__ == "__main__":
    main()
