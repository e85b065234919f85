"""Export a generated coalition: the full guideline, N partners and M meetings.

    .venv/bin/python bench/export_coalition.py [--partners 10000] [--meetings 1000]
        [--no-baseline] [--keep DIR]

Reports, in one run on one machine: Frozen-Flask's plain freeze of the same public URLs
(the baseline, unless --no-baseline), Roundtable's full export in pages per second, and
the time and files rewritten when one partner is edited and republished (until its pages
are in place, and until the search index, rebuilt after them, is too): once with an
edit that the facet pages do not show (its description) and once with one they do
(its city); then one meeting's summary. Each line gives the wall time and the CPU time
of the process (all threads), and the load average of the machine before it, since the
machine may be shared.

``--keep DIR`` keeps the generated coalition in DIR and reuses it on the next run with the
same sizes (generating 10,000 partners takes minutes); the export is made anew each time.
The last run's outputs are deleted first, then the bench waits a minute before timing
anything (see ``clear_outputs``).
"""

import argparse
import os
import platform
import random
import shutil
import sys
import tempfile
import time
import warnings
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_frozen import Freezer  # noqa: E402

from app import create_app  # noqa: E402
from app.editing.services import create_record, publish_record, save_record  # noqa: E402
from app.export import run_export  # noqa: E402
from app.export.registry import registry  # noqa: E402
from app.extensions import db  # noqa: E402
from app.meetings.models import GovernanceBody, Meeting  # noqa: E402
from app.partners.models import Partner  # noqa: E402

GROUPS = ["government", "civil-society", "private-sector", "academia", "un-multilateral"]
COUNTRIES = ["VN", "KH", "LA", "TH", "NL", "JP", "AU", "SE"]


def build_coalition(app, partners: int, meetings: int) -> int:
    """Fill the database through the editing services; returns one partner's id."""
    random.seed(7)
    with app.app_context():
        first = None
        for number in range(partners):
            record = create_record(
                Partner,
                {
                    "name": f"Partner organisation {number}",
                    "slug": f"partner-{number}",
                    "stakeholder_group": random.choice(GROUPS),
                    "country": random.choice(COUNTRIES),
                    "role": "member",
                    "description": "Works on water, floods and farming in the delta.",
                    "sdgs": random.sample(range(1, 18), 3),
                },
                None,
            )
            publish_record(record, None)
            first = first or record.id
        body = create_record(
            GovernanceBody, {"name": "Working group", "slug": "working-group"}, None
        )
        publish_record(body, None)
        start = date(2020, 1, 6)
        for number in range(meetings):
            meeting = create_record(
                Meeting,
                {
                    "title": f"Working group meeting {number}",
                    "slug": f"working-group-{number}",
                    "body_id": body.id,
                    "meeting_date": (start + timedelta(days=2 * number)).isoformat(),
                    "place": "Cần Thơ",
                    "agenda": ["Welcome", "Progress", "Next steps"],
                },
                None,
            )
            publish_record(meeting, None)
        return first


def public_paths(app) -> list:
    with app.test_request_context("/"):
        items = []
        for source in registry(app).sources:
            if source.status == 200 and not source.of_urls:  # no sitemap parts below 50,000
                items.extend(source.generator())
        return items


def frozen_baseline(app, out: Path) -> int:
    app.config["FREEZER_DESTINATION"] = str(out)
    freezer = Freezer(app, with_no_argument_rules=False, log_url_for=False)
    items = public_paths(app)

    @freezer.register_generator
    def everything():
        yield from items

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return len(freezer.freeze())


def cpu_seconds() -> float:
    """CPU time of this process (every thread) and of its finished children: the
    export's rendering processes and Pagefind."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def timed(function, *args, **kwargs):
    """``function(...)``, its wall time, its CPU time (see ``cpu_seconds``), the load.

    The files of the step before are flushed to disk first (tens of thousands after a
    full export), so that the system writing them back does not fall into this step.
    """
    os.sync()
    load = os.getloadavg()[0]
    started, cpu = time.perf_counter(), cpu_seconds()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - started, cpu_seconds() - cpu, load


# How long ext4 keeps from reusing a deleted inode whose block is written (RECENTCY_MIN in
# the kernel's fs/ext4/ialloc.c), with a margin.
INODE_RECENTCY_SECONDS = 65


def clear_outputs(*folders: Path) -> None:
    """Delete the last run's outputs, then wait until creating files stops paying for it.

    On ext4 without a journal (this machine's disk), allocating an inode steps over every
    free one deleted in the last minute (five while its block is unwritten), reading the
    block of each: in the minutes after an export's 140,000 files are deleted,
    creating a file costs several times what it costs otherwise, all of it system time
    (`perf`: `recently_deleted` under `__ext4_new_inode`). Timed right after such a
    deletion, a step measures the file system's bookkeeping rather than itself.
    """
    deleted = [folder for folder in folders if folder.exists()]
    for folder in deleted:
        shutil.rmtree(folder)
    if deleted:
        os.sync()  # the inode blocks written: the shorter wait applies
        print(f"deleted the last run's outputs; waiting {INODE_RECENTCY_SECONDS} s")
        time.sleep(INODE_RECENTCY_SECONDS)


def republish(app, out, model, record_id: int, values: dict) -> None:
    with app.app_context():
        record = db.session.get(model, record_id)
        save_record(record, values, record.head_revision_id, None)
        publish_record(record, None)
        changes = [(model.record_type, record_id)]
        report, seconds, cpu, load = timed(run_export, out, changes=changes)
    assert report.ok and report.mode == "incremental", (report.mode, report.reason)
    share = 100 * report.written / max(1, report.files)
    print(f"republish after editing one {model.record_type}'s {', '.join(values)}: "
          f"{len(report.rendered)} pages rendered, {report.written} files written of "
          f"{report.files} ({share:.2f}%), pages in place after {report.live_seconds:.2f} s, "
          f"search index rebuilt after {seconds:.2f} s, CPU {cpu:.2f} s "
          f"(load average {load:.1f}), {report.processes} rendering process(es); "
          f"phases {report.timings}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--partners", type=int, default=10_000)
    parser.add_argument("--meetings", type=int, default=1_000)
    parser.add_argument("--no-baseline", action="store_true", help="skip Frozen-Flask's freeze")
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the coalition in this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        instance = folder / f"instance-{args.partners}-{args.meetings}"
        generated = (instance / "roundtable.sqlite3").exists()
        app = create_app({"INSTANCE_PATH": str(instance), "SECRET_KEY": "bench"})
        if generated:
            with app.app_context():
                partner_id = db.session.scalar(db.select(db.func.min(Partner.id)))
            print(f"reusing the coalition in {instance}")
        else:
            assert app.test_cli_runner().invoke(args=["setup"]).exit_code == 0
            partner_id, seconds, _cpu, _load = timed(
                build_coalition, app, args.partners, args.meetings
            )
            print(f"generated {args.partners} partners and {args.meetings} meetings in "
                  f"{seconds:.0f} s")  # fmt: skip

        out = folder / "export"
        clear_outputs(folder / "frozen", out)
        if not args.no_baseline:
            pages, seconds, cpu, load = timed(frozen_baseline, app, folder / "frozen")
            print(f"Frozen-Flask plain freeze: {pages} URLs in {seconds:.1f} s = "
                  f"{pages / seconds:.0f}/s, CPU {cpu:.1f} s = {1000 * cpu / pages:.2f} ms a "
                  f"page (load average {load:.1f})")  # fmt: skip

        with app.app_context():  # a full export from nothing, every time
            report, seconds, cpu, load = timed(run_export, out)
        assert report.ok, report.problems[:5]
        print(f"run_export full: {report.pages} pages, {report.files} files in {seconds:.1f} s "
              f"= {report.pages / seconds:.0f} pages/s, CPU {cpu:.1f} s = "
              f"{1000 * cpu / report.pages:.2f} ms a page (load average {load:.1f}), "
              f"{report.processes} rendering process(es); "
              f"phases {report.timings}")  # fmt: skip

        # Values that differ on every run, so a kept coalition sees a real edit each time.
        stamp = time.strftime("%H:%M:%S")
        republish(app, out, Partner, partner_id, {"description": f"Rice ({stamp})."})
        republish(app, out, Partner, partner_id, {"city": f"Cần Thơ {stamp}"})
        with app.app_context():
            meeting_id = db.session.scalar(db.select(db.func.min(Meeting.id)))
        republish(app, out, Meeting, meeting_id, {"summary": f"Progress reviewed ({stamp})."})
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, CPython "
          f"{platform.python_version()}")  # fmt: skip


if __name__ == "__main__":
    main()
