"""The Publish button: a background export with a progress bar, the age of the public copy,
the changes not yet in it, and the last good copy kept when a run fails."""

import re

import pytest

from app.export.publishing import PublishRun, RunStatus
from app.export.report import ExportReport, Progress
from app.extensions import db
from tests.editing_helpers import edit_form, new_page, signed_in_client
from tests.jobs_helpers import run_queued_jobs


@pytest.fixture
def editor(app, make_user):
    return signed_in_client(app, make_user("editor"))


def press_publish(app, client):
    """Press Publish, then run the queued export as a worker would."""
    token = edit_form_token(client)
    response = client.post("/manage/publish/", data={"csrf_token": token})
    run_queued_jobs(app)
    return response


def edit_form_token(client):
    import re

    page = client.get("/manage/publish/").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def runs(app) -> list[PublishRun]:
    with app.app_context():
        found = db.session.query(PublishRun).order_by(PublishRun.id).all()
        db.session.expunge_all()
        return found


def test_publishing_exports_the_site_and_says_how_old_the_copy_is(app, editor):
    before = editor.get("/manage/publish/").get_data(as_text=True)
    assert "never" in before

    assert press_publish(app, editor).status_code == 303
    (run,) = runs(app)
    assert run.status == RunStatus.DONE, run.problems
    assert run.mode == "full"
    from pathlib import Path

    assert (Path(app.config["EXPORT_FOLDER"]) / "index.html").is_file()
    assert (Path(app.instance_path) / "offline.zip").is_file()
    after = editor.get("/manage/publish/").get_data(as_text=True)
    assert "never" not in after and "Published the whole site" in after
    assert "(just now)</dd>" in after


@pytest.mark.parametrize(
    ("seconds_ago", "words"),
    [
        (0, "just now"),
        (59, "just now"),
        (60, "1 minute ago"),
        (59 * 60, "59 minutes ago"),
        (3600, "1 hour ago"),
        (23 * 3600 + 3599, "23 hours ago"),
        (86400, "1 day ago"),
        (40 * 86400, "40 days ago"),
    ],
)
def test_the_age_of_the_public_copy_is_said_in_words(app, seconds_ago, words):
    from datetime import UTC, datetime, timedelta

    from app.export.publishing import age_in_words

    now = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
    with app.test_request_context():
        assert age_in_words(now - timedelta(seconds=seconds_ago), now) == words
        # As SQLite gives it back: without a zone, meaning UTC.
        naive = (now - timedelta(seconds=seconds_ago)).replace(tzinfo=None)
        assert age_in_words(naive, now) == words


def test_changes_since_the_last_run_are_counted_and_republished_incrementally(app, editor):
    press_publish(app, editor)
    page_id = new_page(editor, title="Joining", slug="joining", body="How to join.")
    token = edit_form(editor, page_id)["csrf_token"]
    editor.post(f"/manage/page/{page_id}/publish", data={"csrf_token": token})

    status = editor.get("/manage/publish/").get_data(as_text=True)
    assert "<dd>1</dd>" in status  # one record changed since the public copy was made

    press_publish(app, editor)
    last = runs(app)[-1]
    assert last.status == RunStatus.DONE, last.problems
    assert last.mode == "incremental"
    assert "<dd>0</dd>" in editor.get("/manage/publish/").get_data(as_text=True)


def test_a_failed_run_is_reported_and_keeps_the_previous_copy(app, editor, monkeypatch):
    press_publish(app, editor)
    from pathlib import Path

    home = Path(app.config["EXPORT_FOLDER"]) / "index.html"
    good = home.read_bytes()

    def failing_export(**kwargs):
        report = ExportReport(out_dir=Path(app.config["EXPORT_FOLDER"]))
        report.problem("broken-link", "/somewhere/", "leads nowhere")
        return report

    monkeypatch.setattr("app.export.services.run_export", failing_export)
    press_publish(app, editor)
    body = editor.get("/manage/publish/").get_data(as_text=True)
    assert "The last run failed; the public copy was left as it was." in body
    assert "/somewhere/: leads nowhere" in body
    assert home.read_bytes() == good


def test_the_progress_bar_polls_while_running_and_stops_when_done(app, editor):
    with app.app_context():
        db.session.add(PublishRun(status=RunStatus.RUNNING.value, done=30, total=120))
        db.session.commit()
    fragment = editor.get("/manage/publish/", headers={"HX-Request": "true"})
    body = fragment.get_data(as_text=True)
    assert body.lstrip().startswith('<section id="publish-status"')
    assert 'data-hx-trigger="every 1s"' in body
    assert 'value="25"' in body and "30 of 120 pages" in body
    assert "HX-Request" in fragment.headers["Vary"]

    with app.app_context():
        run = db.session.query(PublishRun).one()
        run.status = RunStatus.DONE.value
        db.session.commit()
    done = editor.get("/manage/publish/", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "hx-trigger" not in done


def publish_reporting(app, editor, monkeypatch, steps, interval) -> list[tuple]:
    """Press Publish with an export that only reports ``steps``; the run's (phase, done,
    total) as the Publish page reads them after each step."""
    seen = []

    def reporting_export(progress=None, **kwargs):
        from pathlib import Path

        for step in steps:
            progress(step)
            with app.app_context():
                run = db.session.query(PublishRun).one()
                seen.append((run.phase, run.done, run.total))
        return ExportReport(out_dir=Path(app.config["EXPORT_FOLDER"]))

    monkeypatch.setattr("app.export.publishing.PROGRESS_INTERVAL", interval)
    monkeypatch.setattr("app.export.services.run_export", reporting_export)
    press_publish(app, editor)
    return seen


def test_each_new_phase_is_written_however_soon_it_follows(app, editor, monkeypatch):
    steps = [Progress("render", 1, 3), Progress("render", 2, 3), Progress("swap", 3, 3),
             Progress("reindex", 3, 3)]  # fmt: skip
    seen = publish_reporting(app, editor, monkeypatch, steps, interval=3600)
    # Progress within a phase waits for the interval; a new phase does not.
    assert seen == [("render", 1, 3), ("render", 1, 3), ("swap", 3, 3), ("reindex", 3, 3)]


def test_while_the_search_index_is_rebuilt_the_pages_are_said_to_be_public(app, editor):
    with app.app_context():
        run = PublishRun(status=RunStatus.RUNNING.value, phase="reindex", done=120, total=120)
        db.session.add(run)
        db.session.commit()
    body = editor.get("/manage/publish/").get_data(as_text=True)
    assert "The changed pages are public; the search index is being updated." in body


def test_progress_is_written_while_the_export_runs(app, editor, monkeypatch):
    steps = [Progress("render", done, 3) for done in (1, 2, 3)]
    seen = publish_reporting(app, editor, monkeypatch, steps, interval=0)
    assert seen == [("render", 1, 3), ("render", 2, 3), ("render", 3, 3)]


def test_the_publish_page_names_records_by_kind_and_title(app, editor):
    press_publish(app, editor)
    page_id = new_page(editor, title="Joining", slug="joining", body="How to join.")
    token = edit_form(editor, page_id)["csrf_token"]
    editor.post(f"/manage/page/{page_id}/publish", data={"csrf_token": token})

    waiting = editor.get("/manage/publish/").get_data(as_text=True)
    assert "‘Joining’" in waiting and f"page {page_id} " not in waiting

    press_publish(app, editor)
    done = editor.get("/manage/publish/").get_data(as_text=True)
    assert "Published 1 change: " in done and "‘Joining’." in done
    assert "incremental run" not in done


def test_publishing_with_nothing_changed_says_the_copy_was_up_to_date(app, editor):
    press_publish(app, editor)
    press_publish(app, editor)
    done = editor.get("/manage/publish/").get_data(as_text=True)
    assert "the public copy was already up to date" in done
    assert "Published 0 changes" not in done


def test_the_start_message_is_not_left_beside_a_finished_run(app, make_user):
    coordinator = make_user("editor")
    with app.app_context():
        db.session.get(type(coordinator), coordinator.id).name = "Amina Diallo"
        db.session.commit()
    editor = signed_in_client(app, coordinator)
    press_publish(app, editor)
    done = editor.get("/manage/publish/").get_data(as_text=True)
    assert "Published the whole site" in done
    assert "Publishing has started." not in done and "flash" not in done

    with app.app_context():
        db.session.add(PublishRun(status=RunStatus.RUNNING.value, requested_by_id=coordinator.id))
        db.session.commit()
    running = editor.get("/manage/publish/", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "Started just now by Amina Diallo." in running


def test_a_finished_run_links_its_offline_copy_for_coordinators_only(app, editor, make_user):
    from tests.partners_helpers import make_partner

    press_publish(app, editor)
    page = editor.get("/manage/publish/").get_data(as_text=True)
    assert 'href="/manage/publish/offline.zip"' in page
    assert re.search(r"Download the zip \(\d[\d.]* (KB|MB)\)", page)

    bundle = editor.get("/manage/publish/offline.zip")
    assert bundle.status_code == 200 and bundle.mimetype == "application/zip"
    assert bundle.data[:2] == b"PK"
    bundle.close()
    assert app.test_client().get("/manage/publish/offline.zip").status_code == 303
    make_partner(app, slug="delta")
    partner = signed_in_client(app, make_user("partner", organisation="delta"))
    assert partner.get("/manage/publish/offline.zip").status_code == 403


def test_a_deleted_partner_is_named_by_its_name_not_its_number(app, editor):
    from app.editing.services import purge_record, trash_record
    from app.partners.models import Partner
    from tests.partners_helpers import make_partner

    press_publish(app, editor)
    partner_id = make_partner(app, name="Delta Farmers’ Union")
    with app.app_context():
        partner = db.session.get(Partner, partner_id)
        trash_record(partner, None)
        purge_record(partner, None)
    page = editor.get("/manage/publish/").get_data(as_text=True)
    assert "Delta Farmers’ Union" in page or "Delta Farmers&#39; Union" in page
    assert f"partner {partner_id}" not in page


def test_a_finished_run_of_flask_freeze_is_shown_as_such(app, editor):
    from app.accounts.models import utcnow

    with app.app_context():
        db.session.add(PublishRun(status=RunStatus.DONE.value, requested_via="command",
                                  changes="null", finished_at=utcnow()))  # fmt: skip
        db.session.commit()
    done = editor.get("/manage/publish/").get_data(as_text=True)
    assert "Run from the command line (flask freeze)." in done


def test_a_translation_is_named_by_its_language_and_record(app, editor):
    from tests.test_content_translations import translate

    press_publish(app, editor)
    page_id = new_page(editor, title="Joining", slug="joining", body="How to join.")
    translate(editor, page_id, "fr", publish=True, title="Adhérer")
    page = editor.get("/manage/publish/").get_data(as_text=True)
    assert "French translation of page ‘Joining’" in page
    assert "· translation</li>" not in page
