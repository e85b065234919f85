"""The export's checks: a run that finds a problem reports all of them and changes nothing."""

from flask import Blueprint, render_template_string, url_for
from sqlalchemy import text

from app.export import register_count_check, register_public_urls, run_export
from app.export.files import export_lock
from app.extensions import db
from tests.conftest import make_app
from tests.export_helpers import notes_blueprint, snapshot


def linking_page(name: str, link: str) -> Blueprint:
    """A public page /<name>/ whose only content is a link built by ``link()``."""
    bp = Blueprint(name, __name__)

    @bp.route(f"/{name}/")
    def page():
        return render_template_string(
            '{% extends "base.html" %}{% block content %}<a href="{{ href }}">go</a>{% endblock %}',
            href=url_for(*link) if isinstance(link, tuple) else link,
        )

    bp.record_once(lambda state: register_public_urls(state.app, lambda: [(f"{name}.page", {})]))
    return bp


def export(app, out, **options):
    with app.app_context():
        return run_export(out, **options)


def test_a_failed_export_leaves_the_previous_one_intact(app, tmp_path):
    out = tmp_path / "site"
    assert export(app, out).ok
    before = snapshot(out)
    # A feature whose published records have no page: the count check must stop the run.
    register_count_check(app, "partners", endpoint="partners.partner", expected=lambda: 3)
    report = export(app, out, zip_path=tmp_path / "bundle.zip")

    assert not report.ok
    # Checked in every language the site publishes.
    assert [str(problem) for problem in report.problems] == [
        "partners: 3 published, but 0 pages of partners.partner exported",
        *(
            f"partners: 3 published, but 0 pages of partners.partner exported in /{lang}/"
            for lang in ("fr", "es", "ar")
        ),
    ]
    assert report.summary() == f"Export failed with 4 problem(s); nothing in {out} was changed."
    assert snapshot(out) == before  # same files, same inodes: not even rewritten
    assert not (tmp_path / "bundle.zip").exists()
    assert sorted(path.name for path in tmp_path.iterdir()) == [".site.lock", "instance", "site"]


def test_a_link_to_a_page_that_is_not_public_fails_the_export(app, tmp_path):
    app.register_blueprint(linking_page("about", ("accounts.login",)))
    report = export(app, tmp_path / "site")
    assert [(problem.kind, problem.url) for problem in report.problems] == [
        ("broken-link", "/login")
    ]
    assert "coordinators' side" in report.problems[0].message
    assert "linked from /about/" in report.problems[0].message
    assert not (tmp_path / "site").exists()


def test_a_link_to_a_missing_page_fails_the_export(app, tmp_path):
    app.register_blueprint(notes_blueprint({"water": "Clean water."}, declare_each=False))
    app.register_blueprint(linking_page("about", "/notes/no-such-note/"))
    report = export(app, tmp_path / "site")
    assert [str(problem) for problem in report.problems] == [
        "/notes/no-such-note/: answers 404; linked from /about/"
    ]


def test_every_problem_is_reported_in_one_run(app, tmp_path):
    register_public_urls(app, lambda: ["/no-such-page/", "/another-missing-page/"])
    app.register_blueprint(linking_page("about", "/?page=2"))
    report = export(app, tmp_path / "site")
    assert sorted((problem.kind, problem.url) for problem in report.problems) == [
        ("query-link", "/?page=2"),
        ("status", "/another-missing-page/"),
        ("status", "/no-such-page/"),
    ]
    assert "answers 404, expected 200" in str(report.problems[1])


def test_a_declared_url_with_a_query_string_is_refused_not_dropped(app, tmp_path):
    register_public_urls(app, lambda: [("home.index", {"page": 2})])
    report = export(app, tmp_path / "site")
    # The home page is declared in every language, and refused in each.
    assert [(problem.kind, problem.url) for problem in report.problems] == [
        ("url", "/"),
        ("url", "/fr/"),
        ("url", "/es/"),
        ("url", "/ar/"),
    ]
    assert "query string (?page=2)" in report.problems[0].message


def test_pages_reached_through_links_are_exported_and_counted(app, tmp_path):
    app.register_blueprint(
        notes_blueprint({"water": "Clean.", "dams": "None."}, declare_each=False)
    )
    out = tmp_path / "site"
    report = export(app, out)
    assert report.ok, report.problems
    assert (out / "notes/water/index.html").is_file() and (out / "notes/dams/index.html").is_file()


def test_a_page_that_answers_an_error_is_not_written(app, tmp_path):
    notes = {"water": "Clean."}
    app.register_blueprint(notes_blueprint(notes))
    register_public_urls(app, lambda: [("notes.note", {"slug": "gone"})])
    out = tmp_path / "site"
    report = export(app, out)
    assert [str(problem) for problem in report.problems] == [
        "/notes/gone/: answers 404, expected 200"
    ]
    assert not out.exists()


def test_a_page_that_crashes_is_reported(app, tmp_path):
    def explode():
        raise RuntimeError("boom")

    app.add_url_rule("/explode/", "explode", explode)
    register_public_urls(app, lambda: [("explode", {})])
    report = export(app, tmp_path / "site")
    assert [(problem.kind, problem.url) for problem in report.problems] == [("status", "/explode/")]
    assert "answers 500" in report.problems[0].message


def test_endpoints_without_registered_urls_are_listed(app, tmp_path):
    app.add_url_rule("/forgotten/", "forgotten", lambda: "forgotten")
    report = export(app, tmp_path / "site")
    assert report.ok
    assert report.unexported_endpoints == ["forgotten"]  # /login is private, not forgotten


def test_an_existing_folder_that_is_not_an_export_is_never_replaced(app, tmp_path):
    precious = tmp_path / "documents"
    precious.mkdir()
    (precious / "thesis.txt").write_text("years of work")
    report = export(app, precious)
    assert not report.ok
    assert "is not an export made by Roundtable" in report.problems[0].message
    assert (precious / "thesis.txt").read_text() == "years of work"
    assert sorted(path.name for path in precious.iterdir()) == ["thesis.txt"]


def test_only_one_export_into_a_folder_runs_at_a_time(app, tmp_path):
    out = tmp_path / "site"
    with export_lock(out) as locked:
        assert locked
        report = export(app, out)
    assert not report.ok and "another export" in report.problems[0].message
    assert export(app, out).ok  # the lock is released with its holder


def test_progress_is_reported_page_by_page(app, tmp_path):
    app.register_blueprint(notes_blueprint({"water": "Clean.", "dams": "None."}))
    seen = []
    with app.app_context():
        report = run_export(tmp_path / "site", progress=seen.append)
    assert report.ok
    rendering = [progress for progress in seen if progress.phase == "render"]
    assert [progress.done for progress in rendering] == list(range(report.pages))
    assert all(progress.done < progress.total <= report.pages for progress in rendering)
    assert [progress.phase for progress in seen[-3:]] == ["check", "swap", "done"]


def test_a_page_that_raises_is_reported_and_the_other_pages_still_render(tmp_path, database_url):
    # In debug mode no handler turns the exception into a 500 page: the export catches it.
    app = make_app(tmp_path / "instance", database_url, DEBUG=True)
    with app.app_context():
        db.create_all()

    def explode():
        db.session.execute(text("SELECT * FROM no_such_table"))

    app.add_url_rule("/explode/", "explode", explode)
    register_public_urls(app, lambda: [("explode", {}), "/after/"])
    app.add_url_rule(
        "/after/", "after", lambda: f"<p>{db.session.execute(text('SELECT 1')).scalar()}</p>"
    )
    try:
        report = export(app, tmp_path / "site")
    finally:
        with app.app_context():
            db.session.remove()
            if db.engine.dialect.name == "postgresql":
                db.drop_all()
            db.engine.dispose()
    assert [(problem.kind, problem.url) for problem in report.problems] == [("crash", "/explode/")]
    # Rendered after the crash, its query answered: the crash did not poison the session.
    assert "/after/" in report.rendered
