"""Start Roundtable under gunicorn on a loopback port for a benchmark, and stop it after.

Used as a context manager by the other scripts in bench/:

    with served(instance, workers=2) as base_url:
        ...
"""

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def flask(instance: Path, *args: str, env: dict | None = None) -> None:
    """Run a `flask` command against the given instance folder."""
    subprocess.run(
        [str(BIN / "flask"), *args],
        cwd=ROOT,
        env={**os.environ, "ROUNDTABLE_INSTANCE_PATH": str(instance), **(env or {})},
        check=True,
        stdout=subprocess.DEVNULL,
    )


@contextlib.contextmanager
def served(
    instance: Path, workers: int = 2, env: dict | None = None, application: str = "wsgi:app"
):
    """``application`` is gunicorn's module:variable, found from the repository's root or
    bench/ (the hello-world app the live pages are compared with)."""
    port = free_port()
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
         "--pythonpath", str(ROOT / "bench"), "--log-level", "warning", application],
        cwd=ROOT,
        env={**os.environ, "ROUNDTABLE_INSTANCE_PATH": str(instance), **(env or {})},
    )  # fmt: skip
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(base_url + "/", timeout=2).read()  # noqa: S310 (loopback)
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.2)
        served.pid = process.pid
        yield base_url
    finally:
        process.terminate()
        process.wait(timeout=30)
