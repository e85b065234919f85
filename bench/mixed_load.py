"""Readers and editors at once: 50 readers browsing and 5 editors saving, against gunicorn
on SQLite, counting requests per second, p95, 5xx and "database is locked".

    .venv/bin/python bench/mixed_load.py [--seconds 120] [--readers 50] [--editors 5]

Readers fetch the home and sign-in pages back to back; editors save through the
benchmark's save route (bench/crash_app.py), which commits a row before it answers, as a
real save does. Every client is a closed loop with no think time, so this is the worst
case for the same number of people. Load generator and server share the machine's cores.
"""

import argparse
import http.client
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from crash_test import request  # noqa: E402
from load import LoadResult  # noqa: E402
from serve import BIN, ROOT, flask, free_port  # noqa: E402

READER_PATHS = ["/", "/login"]


def client_loop(port, stop_at, make_request, latencies, errors, lock):
    mine, server_errors, failures = [], 0, 0
    sequence = 0
    while time.monotonic() < stop_at:
        method, path, body = make_request(sequence)
        sequence += 1
        started = time.perf_counter()
        try:
            status, _text = request(port, method, path, body)
            if status >= 500:
                server_errors += 1
            elif status >= 300:
                failures += 1
        except (OSError, http.client.HTTPException):
            failures += 1
        mine.append((time.perf_counter() - started) * 1000)
    with lock:
        latencies.extend(mine)
        errors["5xx"] += server_errors
        errors["other"] += failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--readers", type=int, default=50)
    parser.add_argument("--editors", type=int, default=5)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        instance = Path(folder) / "instance"
        flask(instance, "setup", "--demo")
        log = Path(folder) / "gunicorn.log"
        port = free_port()
        with log.open("w") as log_file:
            server = subprocess.Popen(
                [str(BIN / "gunicorn"), "--workers", str(args.workers), "--bind",
                 f"127.0.0.1:{port}", "--pythonpath", str(ROOT / "bench"), "crash_app:app"],
                cwd=ROOT,
                env={**os.environ, "ROUNDTABLE_INSTANCE_PATH": str(instance)},
                stdout=log_file,
                stderr=subprocess.STDOUT,
            )  # fmt: skip
            try:
                deadline = time.monotonic() + 30
                while True:
                    try:
                        request(port, "GET", "/")
                        break
                    except OSError:
                        if time.monotonic() > deadline:
                            raise RuntimeError("gunicorn did not start") from None
                        time.sleep(0.2)
                results = run(port, args)
            finally:
                server.terminate()
                server.wait(timeout=30)
        locked = log.read_text(errors="replace").count("database is locked")

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, "
          f"{platform.python_implementation()} {platform.python_version()}")  # fmt: skip
    print(f"gunicorn {args.workers} sync workers, SQLite, {args.seconds:.0f} s:")
    for name, (result, errors) in results.items():
        print(f"  {name}: {result.summary()}; 5xx {errors['5xx']}, other failures "
              f"{errors['other']}")  # fmt: skip
    print(f"  'database is locked' in the server log: {locked}")


def run(port: int, args) -> dict:
    stop_at = time.monotonic() + args.seconds
    lock = threading.Lock()
    groups = {
        f"{args.readers} readers": (
            args.readers,
            lambda n: ("GET", READER_PATHS[n % len(READER_PATHS)], ""),
        ),
        f"{args.editors} editors": (
            args.editors,
            lambda n: ("POST", f"/bench/write/{threading.get_ident()}-{n}", "x" * 2000),
        ),
    }
    collected, threads = {}, []
    for name, (count, make_request) in groups.items():
        latencies: list[float] = []
        errors = {"5xx": 0, "other": 0}
        collected[name] = (latencies, errors)
        for _ in range(count):
            threads.append(
                threading.Thread(
                    target=client_loop,
                    args=(port, stop_at, make_request, latencies, errors, lock),
                )
            )
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return {
        name: (LoadResult(len(latencies), errors["5xx"] + errors["other"], elapsed, latencies),
               errors)
        for name, (latencies, errors) in collected.items()
    }  # fmt: skip


if __name__ == "__main__":
    main()
