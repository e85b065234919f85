"""CPU time a page of a full export costs, in one process, on a generated coalition.

    .venv/bin/python bench/export_cpu.py --keep DIR [--partners 300] [--meetings 30]
        [--runs 3] [--profile FILE]

Builds the coalition in DIR once (``flask setup``, then the partners and meetings of
``export_coalition.build_coalition``), then exports it ``--runs`` times with
``EXPORT_PROCESSES=1`` and prints each run's CPU time a page. Run it from two checkouts
(each with its own DIR) in turn to compare code before and after a change: CPU time in one
process is steadier than the wall clock on a shared machine. ``--profile`` writes the last
run's cProfile statistics, whose call counts do not depend on the machine's load.
"""

import argparse
import cProfile
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from export_coalition import build_coalition  # noqa: E402

from app import create_app  # noqa: E402
from app.export import run_export  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, required=True, help="folder of the coalition")
    parser.add_argument("--partners", type=int, default=300)
    parser.add_argument("--meetings", type=int, default=30)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", type=Path, help="write the last run's cProfile stats here")
    args = parser.parse_args()
    instance = args.keep / f"instance-{args.partners}-{args.meetings}"
    generated = (instance / "roundtable.sqlite3").exists()
    app = create_app({"INSTANCE_PATH": str(instance), "SECRET_KEY": "bench", "EXPORT_PROCESSES": 1})
    if not generated:
        assert app.test_cli_runner().invoke(args=["setup"]).exit_code == 0
        build_coalition(app, args.partners, args.meetings)
    out = args.keep / "export"
    for run in range(1, args.runs + 1):
        shutil.rmtree(out, ignore_errors=True)
        profile = cProfile.Profile() if args.profile and run == args.runs else None
        with app.app_context():
            started = time.process_time()
            if profile:
                profile.enable()
            report = run_export(out)
            if profile:
                profile.disable()
            cpu = time.process_time() - started
        assert report.ok, report.problems[:5]
        note = " (profiled)" if profile else ""
        print(f"run {run}: {report.pages} pages, CPU {cpu:.2f} s = "
              f"{1000 * cpu / report.pages:.2f} ms a page{note}")  # fmt: skip
        if profile:
            profile.dump_stats(str(args.profile))


if __name__ == "__main__":
    main()
