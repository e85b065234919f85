"""Importing content/ and exporting it again: idempotent, and never over a coordinator's edit."""

import shutil

import pytest
from sqlalchemy import func, select

from app.accounts.models import User
from app.editing.models import Revision, RevisionKind, Status
from app.editing.services import publish_record, save_record, trash_record, unpublish_record
from app.extensions import db
from app.guideline.content import ContentError
from app.guideline.models import GuidelinePage, PageKind
from tests.guideline_helpers import CONTENT, import_bundled

STEP4 = "/guidelines/formation/planning/"


@pytest.fixture
def content_copy(tmp_path):
    shutil.copytree(CONTENT, tmp_path / "content")
    return tmp_path / "content"


def rewrite(folder, file, old, new):
    path = folder / "guideline" / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def step(app, slug="planning") -> GuidelinePage:
    return db.session.scalar(
        select(GuidelinePage).where(GuidelinePage.kind == PageKind.STEP, GuidelinePage.slug == slug)
    )


def count_revisions(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Revision.id)))


def test_import_publishes_every_page_as_an_import_revision(app, client):
    report = import_bundled(app)

    assert len(report.created) == 66 and not report.updated and not report.kept
    with app.app_context():
        pages = db.session.scalars(select(GuidelinePage)).all()
        assert {page.status for page in pages} == {Status.PUBLISHED}
        revisions = db.session.scalars(select(Revision)).all()
        assert {(r.kind, r.author_id) for r in revisions} == {(RevisionKind.IMPORT, None)}
    assert "Task 4.2: Planning the partnership" in client.get(STEP4).get_data(as_text=True)


def test_importing_again_changes_nothing(app):
    import_bundled(app)
    before = count_revisions(app)

    report = import_bundled(app)

    assert len(report.unchanged) == 66 and not report.changed and not report.kept
    assert count_revisions(app) == before


def test_a_changed_bundled_page_replaces_an_untouched_one(app, client, content_copy):
    import_bundled(app, content_copy)
    rewrite(
        content_copy, "steps/04-planning.md", "The plan has\ntwo levels", "The plan has two tiers"
    )

    report = import_bundled(app, content_copy)

    assert report.updated == ["guideline/steps/04-planning.md"]
    assert len(report.unchanged) == 65
    assert "The plan has two tiers" in client.get(STEP4).get_data(as_text=True)


def test_a_coordinators_edit_is_kept_and_reported(app, client, content_copy, make_user):
    import_bundled(app, content_copy)
    editor = make_user("editor")
    with app.app_context():
        record = step(app)
        save_record(
            record, {"body": record.body + "\n\nOur own note."}, record.head_revision_id,
            db.session.get(User, editor.id),
        )  # fmt: skip
        publish_record(record, None)
    rewrite(
        content_copy, "steps/04-planning.md", "The plan has\ntwo levels", "The plan has two tiers"
    )

    report = import_bundled(app, content_copy)

    assert report.kept == [
        "guideline/steps/04-planning.md: edited in the browser since the last import"
    ]
    assert not report.updated
    page = client.get(STEP4).get_data(as_text=True)
    assert "Our own note." in page and "two tiers" not in page
    assert "kept guideline/steps/04-planning.md" in "\n".join(report.lines())


@pytest.mark.parametrize(
    ("action", "reason"),
    [(trash_record, "moved to the trash"), (unpublish_record, "unpublished by a coordinator")],
)
def test_a_trashed_or_unpublished_page_stays_so(app, client, content_copy, action, reason):
    import_bundled(app, content_copy)
    with app.app_context():
        action(step(app), None)
    rewrite(
        content_copy, "steps/04-planning.md", "The plan has\ntwo levels", "The plan has two tiers"
    )

    report = import_bundled(app, content_copy)

    assert len(report.kept) == 1
    assert report.kept[0].startswith(f"guideline/steps/04-planning.md: {reason}")
    assert client.get(STEP4).status_code == 404


def test_broken_content_imports_nothing(app, content_copy):
    rewrite(content_copy, "steps/04-planning.md", "## Task 4.2:", "## Task 4.7:")
    with pytest.raises(ContentError) as error:
        import_bundled(app, content_copy)
    assert any("04-planning.md" in problem for problem in error.value.problems)
    with app.app_context():
        assert db.session.scalar(select(func.count(GuidelinePage.id))) == 0


def test_export_then_check_then_import_round_trips(app, runner, tmp_path):
    import_bundled(app)
    before = count_revisions(app)
    out = tmp_path / "exported"

    exported = runner.invoke(args=["content", "export", str(out)])
    checked = runner.invoke(args=["content", "check", str(out)])
    imported = runner.invoke(args=["content", "import", str(out)])

    assert exported.exit_code == 0, exported.output
    assert "Wrote 68 files" in exported.output  # 66 pages, sources.yml and README.md
    assert checked.exit_code == 0, checked.output
    assert "66 pages, no problems" in checked.output
    assert imported.exit_code == 0, imported.output
    assert "0 page(s) added, 0 updated, 66 unchanged" in imported.output
    assert count_revisions(app) == before


def test_export_writes_the_published_text_not_drafts(app, runner, tmp_path, make_user):
    import_bundled(app)
    editor = make_user("editor")
    with app.app_context():
        record = step(app, "structuring")
        author = db.session.get(User, editor.id)
        save_record(record, {"summary": "Published summary."}, record.head_revision_id, author)
        publish_record(record, author)
        save_record(record, {"summary": "Draft summary."}, record.head_revision_id, author)
        trash_record(step(app, "mobilizing"), author)

    runner.invoke(args=["content", "export", str(tmp_path)])

    text = (tmp_path / "guideline" / "steps" / "05-structuring.md").read_text()
    assert "summary: Published summary." in text and "Draft" not in text
    assert not (tmp_path / "guideline" / "steps" / "06-mobilizing.md").exists()


def test_content_check_reports_problems_and_fails(runner, content_copy):
    rewrite(
        content_copy, "cases/gavi.md", "(/guidelines/formation/structuring/)", "(/guidelines/x/)"
    )

    result = runner.invoke(args=["content", "check", str(content_copy)])

    assert result.exit_code != 0
    assert "guideline/cases/gavi.md: link to /guidelines/x/: no such page" in result.output


def test_setup_imports_the_guideline(tmp_path, database_url):
    from tests.conftest import make_app
    from tests.test_setup import close

    app = make_app(tmp_path / "inst", database_url)
    result = app.test_cli_runner().invoke(args=["setup"])

    assert result.exit_code == 0, result.output
    assert "Guideline: 66 page(s) added" in result.output
    assert app.test_client().get(STEP4).status_code == 200
    close(app)
