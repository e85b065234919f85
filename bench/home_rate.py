"""Requests per second of the home page under gunicorn with two workers, on SQLite.

.venv/bin/python bench/home_rate.py [--seconds 10] [--concurrency 8]
"""

import argparse
import platform
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import run_load  # noqa: E402
from serve import flask, served  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        instance = Path(folder) / "instance"
        flask(instance, "setup", "--demo")
        with served(instance, workers=2) as base_url:
            run_load(base_url + "/", seconds=1, concurrency=2)  # warm up both workers
            result = run_load(base_url + "/", args.seconds, args.concurrency)
    print(f"machine: {platform.machine()}, {platform.python_implementation()} "
          f"{platform.python_version()}")  # fmt: skip
    print(f"home page, gunicorn 2 workers, SQLite, {args.concurrency} clients: {result.summary()}")


if __name__ == "__main__":
    main()
