"""Pages per second of the static export, against Frozen-Flask's plain freeze of the same pages.

    .venv/bin/python bench/export_rate.py [--pages 10000]

The site has few public pages yet, so a blueprint defined here (and registered on the
benchmark's apps only) adds ``--pages`` item pages like a partner's: the base template, a
heading, a paragraph, a small table, links to the previous and next item and to their
list, and one list page per 100 items. Each page reads its item from memory and the site
settings from SQLite, so the figures are the export's own cost per page, not a database's.

It measures, each on a fresh app over the same database:

1. Frozen-Flask 1.0.2 freezing the same URLs (no relative links, no compressed copies,
   no checks): the baseline;
2. ``run_export`` into an empty folder: render, rewrite links, write .gz and .br, check;
3. the same without the .gz and .br copies, to show what compressing costs;
4. ``run_export`` again with nothing changed (unchanged files are hard-linked);
5. a republish after editing one item: ``run_export(changes=[("item", n)])``.
"""

import argparse
import os
import platform
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask import Blueprint, Flask, abort, render_template, url_for  # noqa: E402
from flask_frozen import Freezer  # noqa: E402

from app import create_app  # noqa: E402
from app.demo import load_demo  # noqa: E402
from app.export import depends_on, register_public_urls, run_export  # noqa: E402
from app.export import files as export_files  # noqa: E402
from app.extensions import db  # noqa: E402

PER_LIST = 100

ITEM = """{% extends "base.html" %}{% block title %}{{ item.title }}{% endblock %}
{% block content %}
<p><a href="{{ url_for('items.listing', page=list_page) }}">All items</a></p>
<h1>{{ item.title }}</h1>
<p>{{ item.text }}</p>
<table><tr><th scope="row">Group</th><td>{{ item.group }}</td></tr>
<tr><th scope="row">Country</th><td>{{ item.country }}</td></tr>
<tr><th scope="row">Goals</th><td>{{ item.goals|join(", ") }}</td></tr></table>
<nav>{% if item.n > 1 %}<a href="{{ url_for('items.item', n=item.n - 1) }}">Previous</a>{% endif %}
{% if item.n < count %}<a href="{{ url_for('items.item', n=item.n + 1) }}">Next</a>{% endif %}</nav>
{% endblock %}"""

LISTING = """{% extends "base.html" %}{% block title %}Items, page {{ page }}{% endblock %}
{% block content %}<h1>Items</h1><ul>
{% for item in items %}<li><a href="{{ url_for('items.item', n=item.n) }}">{{ item.title }}</a></li>
{% endfor %}</ul>{% endblock %}"""


def make_items(count: int) -> dict[int, dict]:
    groups = ["NGO", "Government", "Business", "University", "UN agency"]
    text = (
        "Works with farmer associations and provincial water utilities on clean water, "
        "salinity monitoring and climate adaptation in the delta. " * 3
    )
    return {
        n: {
            "n": n,
            "title": f"Organisation {n}",
            "text": text,
            "group": groups[n % len(groups)],
            "country": "Viet Nam" if n % 3 else "Cambodia",
            "goals": [6, 13, 1 + n % 17],
        }
        for n in range(1, count + 1)
    }


def items_blueprint(app: Flask, items: dict[int, dict]) -> Blueprint:
    bp = Blueprint("items", __name__, url_prefix="/items")
    item_template = app.jinja_env.from_string(ITEM)
    listing_template = app.jinja_env.from_string(LISTING)
    lists = (len(items) + PER_LIST - 1) // PER_LIST

    @bp.route("/<int:n>/")
    def item(n):
        if n not in items:
            abort(404)
        depends_on("item", n)
        list_page = (n - 1) // PER_LIST + 1
        return render_template(item_template, item=items[n], count=len(items), list_page=list_page)

    @bp.route("/page/<int:page>/")
    def listing(page):
        shown = [items[n] for n in range(1 + (page - 1) * PER_LIST, 1 + page * PER_LIST)
                 if n in items]  # fmt: skip
        for entry in shown:
            depends_on("item", entry["n"])
        return render_template(listing_template, items=shown, page=page)

    def urls():
        for page in range(1, lists + 1):
            yield "items.listing", {"page": page}
        for n in items:
            yield "items.item", {"n": n}

    bp.record_once(lambda state: register_public_urls(state.app, urls))
    bp.urls = urls
    return bp


def make_app(instance: Path, items: dict[int, dict]) -> Flask:
    app = create_app({"INSTANCE_PATH": str(instance), "SECRET_KEY": "benchmark only"})
    app.register_blueprint(items_blueprint(app, items))
    return app


def frozen_baseline(app: Flask, out: Path) -> int:
    """Frozen-Flask's freeze of the home page and the item pages, as it comes."""
    app.config["FREEZER_DESTINATION"] = str(out)
    freezer = Freezer(app, with_no_argument_rules=False, log_url_for=False)

    @freezer.register_generator
    def pages():
        yield "home.index", {}
        yield from app.blueprints["items"].urls()

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Nothing frozen for endpoints ...": on purpose
        return len(freezer.freeze())


def export(app: Flask, out: Path, **options):
    with app.app_context():
        report = run_export(out, **options)
    if not report.ok:
        raise SystemExit("\n".join(str(problem) for problem in report.problems))
    return report


def timed(function, *args, **kwargs):
    """(result, wall seconds, CPU seconds of this process, system time included)."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - wall, time.process_time() - cpu


def best(runs: list[tuple]) -> tuple:
    """The run with the least wall time: the one the shared machine disturbed least."""
    return min(runs, key=lambda run: run[1])


def line(label: str, pages: int, wall: float, cpu: float, extra: str = "") -> str:
    return (
        f"{label:<38} {pages:>6} pages {wall:7.2f} s {pages / wall:6.0f} pages/s "
        f"{1000 * wall / pages:6.2f} ms/page (CPU {1000 * cpu / pages:5.2f} ms/page){extra}"
    )


def phases(report) -> str:
    return "; " + ", ".join(f"{name} {value:.2f} s" for name, value in report.timings.items())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10_000, help="item pages to generate")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each full export")
    parser.add_argument("--folder", help="where to write (default: the system's temp folder)")
    args = parser.parse_args()
    items = make_items(args.pages)
    with tempfile.TemporaryDirectory(dir=args.folder) as folder:
        folder = Path(folder)
        instance = folder / "instance"
        setup_app = make_app(instance, items)
        with setup_app.app_context():
            db.create_all()
            load_demo()
            db.session.remove()
        print(f"machine: {platform.machine()}, {os.cpu_count()} cores, "
              f"{platform.python_implementation()} {platform.python_version()}; "
              f"writing to {folder}; best of {args.repeat} runs")  # fmt: skip

        runs = []
        for run in range(args.repeat):
            app = make_app(instance, items)
            runs.append(timed(frozen_baseline, app, folder / f"frozen-{run}"))
        count, wall, cpu = best(runs)
        print(line("Frozen-Flask 1.0.2, plain freeze", count, wall, cpu))

        app = make_app(instance, items)
        runs = [timed(export, app, folder / f"export-{run}") for run in range(args.repeat)]
        report, wall, cpu = best(runs)
        print(line("run_export into an empty folder", len(report.rendered), wall, cpu,
                   phases(report)))  # fmt: skip

        # The share of compressing: the same export with the .gz and .br copies switched off.
        with_copies = export_files.compressed_copies
        export_files.compressed_copies = lambda name, data: {}
        runs = [timed(export, app, folder / f"plain-{run}") for run in range(args.repeat)]
        export_files.compressed_copies = with_copies
        report, wall, cpu = best(runs)
        print(line("run_export without compressed copies", len(report.rendered), wall, cpu,
                   phases(report)))  # fmt: skip

        out = folder / "export-0"
        report, wall, cpu = best([timed(export, app, out) for _run in range(args.repeat)])
        print(line("run_export again, nothing changed", len(report.rendered), wall, cpu,
                   f"; {report.written} files written{phases(report)}"))  # fmt: skip

        edited = args.pages // 2
        items[edited]["title"] = f"Organisation {edited} (renamed)"
        report, wall, cpu = timed(export, app, out, changes=[("item", edited)])
        on_disk = sum(1 for path in out.rglob("*") if path.is_file())
        print(
            f"republish after editing item {edited}: {wall:.2f} s (CPU {cpu:.2f} s), "
            f"mode {report.mode}, rendered {sorted(report.rendered)}, "
            f"{report.written} of {on_disk} files rewritten "
            f"({100 * report.written / on_disk:.3f}%){phases(report)}"
        )
        with app.test_request_context():
            page = url_for("items.item", n=edited)
        assert "(renamed)" in (out / page.strip("/") / "index.html").read_text()


if __name__ == "__main__":
    main()
