"""Kill gunicorn, master and workers, with SIGKILL in the middle of a burst of saves; then
check that every save it acknowledged is still there and SQLite's integrity check says ok.

    .venv/bin/python bench/crash_test.py [--rounds 5] [--clients 8] [--workers 2]

Each round starts gunicorn on the same SQLite database, sends saves from several clients
back to back, kills the whole process group at a random moment 1-3 s in, and restarts it.
A save counts as acknowledged when its 200 answer arrived. This is a process crash, not a
power cut: the operating system still writes what it has buffered.
"""

import argparse
import http.client
import os
import platform
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from serve import BIN, ROOT, flask, free_port  # noqa: E402


def start(instance: Path, port: int, workers: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
         "--log-level", "error", "--pythonpath", str(ROOT / "bench"), "crash_app:app"],
        cwd=ROOT,
        env={**os.environ, "ROUNDTABLE_INSTANCE_PATH": str(instance)},
        start_new_session=True,  # its own process group: master and workers die together
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while True:
        try:
            request(port, "GET", "/bench/keys")
            return process
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("gunicorn did not start") from None
            time.sleep(0.1)


def request(port: int, method: str, path: str, body: str = "") -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body.encode())
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


def burst(port: int, round_no: int, clients: int, stop: threading.Event) -> tuple[set, int]:
    """Save from ``clients`` threads until ``stop``; the keys acknowledged, and 5xx count."""
    acknowledged: set[str] = set()
    server_errors = [0]
    lock = threading.Lock()

    def client(number: int) -> None:
        sequence = 0
        while not stop.is_set():
            key = f"r{round_no}-c{number}-{sequence}"
            sequence += 1
            try:
                status, text = request(port, "POST", f"/bench/write/{key}", "x" * 100)
            except (OSError, http.client.HTTPException):
                continue  # killed mid-request: not acknowledged
            with lock:
                if status == 200 and text == "saved\n":
                    acknowledged.add(key)
                elif status >= 500:
                    server_errors[0] += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    stop.wait()
    for thread in threads:
        thread.join()
    return acknowledged, server_errors[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    rng = random.Random(8)

    with tempfile.TemporaryDirectory() as folder:
        instance = Path(folder) / "instance"
        flask(instance, "setup")
        database = instance / "roundtable.sqlite3"
        all_acknowledged: set[str] = set()
        total_errors = integrity_failures = 0
        print(f"machine: {platform.machine()}, {os.cpu_count()} cores, "
              f"{platform.python_implementation()} {platform.python_version()}")  # fmt: skip
        for round_no in range(1, args.rounds + 1):
            port = free_port()
            process = start(instance, port, args.workers)
            stop = threading.Event()
            killer_delay = rng.uniform(1.0, 3.0)

            def kill(process=process, stop=stop, delay=killer_delay):
                time.sleep(delay)
                os.killpg(process.pid, signal.SIGKILL)
                stop.set()

            killer = threading.Thread(target=kill)
            started = time.monotonic()
            killer.start()
            acknowledged, errors = burst(port, round_no, args.clients, stop)
            killer.join()
            process.wait()
            elapsed = time.monotonic() - started
            all_acknowledged |= acknowledged
            total_errors += errors

            # Restart on the crashed database (SQLite recovers the WAL on open) and read back.
            port = free_port()
            process = start(instance, port, args.workers)
            status, text = request(port, "GET", "/bench/keys")
            process.terminate()
            process.wait(timeout=30)
            stored = set(filter(None, text.split("\n"))) if status == 200 else set()
            integrity = integrity_check(database)
            integrity_failures += integrity != "ok"
            lost = all_acknowledged - stored
            in_flight = {
                key for key in stored - all_acknowledged if key.startswith(f"r{round_no}-")
            }
            print(
                f"round {round_no}: killed after {elapsed:.2f} s; {len(acknowledged)} saves "
                f"acknowledged ({len(acknowledged) / elapsed:.0f}/s), {len(lost)} lost in total, "
                f"{len(in_flight)} committed but unanswered, {errors} 5xx, integrity {integrity}"
            )

        lost = all_acknowledged - stored
        print(
            f"{args.rounds} SIGKILLs of master and {args.workers} workers, {args.clients} clients "
            f"saving: {len(all_acknowledged)} saves acknowledged, {len(lost)} lost, {len(stored)} "
            f"rows stored, {total_errors} 5xx, integrity_check not ok {integrity_failures} times"
        )
        if lost or integrity_failures or total_errors:
            sys.exit(1)


def integrity_check(database: Path) -> str:
    connection = sqlite3.connect(database)
    try:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        connection.close()


if __name__ == "__main__":
    main()
