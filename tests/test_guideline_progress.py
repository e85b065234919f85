"""The self-assessment: editors record where the coalition stands; readers see it."""

import re
from html import unescape

import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.extensions import db
from app.guideline.models import ProgressEntry, ProgressStatus
from app.guideline.progress import evidence_problem, step_status
from tests.editing_helpers import signed_in_client
from tests.guideline_helpers import import_bundled

FORM = "/manage/guidelines/progress"
PUBLIC = "/guidelines/where-we-are/"
DONE, DOING, TODO = ProgressStatus.DONE, ProgressStatus.IN_PROGRESS, ProgressStatus.NOT_STARTED


@pytest.fixture
def editor(app, make_user):
    import_bundled(app)
    return signed_in_client(app, make_user("editor"))


def form_data(response) -> dict[str, str]:
    """Every field of the progress form as the browser would send it."""
    html = response.get_data(as_text=True)
    data = {}
    for attrs in re.findall(r"<input([^>]*)>", html):
        fields = dict(re.findall(r'([\w-]+)="([^"]*)"', attrs))
        if "name" in fields:
            data[fields["name"]] = unescape(fields.get("value", ""))
    for name, value in re.findall(
        r'<textarea[^>]*name="([^"]+)"[^>]*>\r?\n?(.*?)</textarea>', html, re.S
    ):
        data[name] = unescape(value)
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        selected = re.search(
            r'<option selected value="([^"]+)"|<option value="([^"]+)" selected', body
        )
        data[name] = next(v for v in selected.groups() if v) if selected else "not-started"
    return data


def test_the_form_lists_every_task(editor):
    response = editor.get(FORM)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert len(re.findall(r'name="task_\d+_\d+-status"', html)) == 32
    assert 'name="task_3_4-status"' in html and "task_3_3" not in html


def test_saving_shows_on_the_public_page_and_the_overview(app, client, editor):
    data = form_data(editor.get(FORM))
    data.update({
        "task_4_2-status": "done",
        "task_4_2-note": "Work plan adopted by the steering committee.",
        "task_4_2-evidence": "/meetings/2025-03-12-steering-committee/\nhttps://example.org/plan.pdf",
        "task_4_1-status": "in-progress",
    })  # fmt: skip

    response = editor.post(FORM, data=data)

    assert response.status_code == 303
    public = client.get(PUBLIC).get_data(as_text=True)
    task = public[public.index('id="progress-4-2"') :]
    task = task[: task.index("</li>")]
    assert "Done" in task and "Work plan adopted by the steering committee." in task
    assert '<a href="/meetings/2025-03-12-steering-committee/">' in task
    assert 'href="https://example.org/plan.pdf" rel="nofollow noopener"' in task
    step = public[public.index('id="step-4"') :]
    assert "In progress" in step[: step.index("</h3>")]  # one task done, one under way
    overview = client.get("/guidelines/").get_data(as_text=True)
    assert "1 of 32 tasks done, 1 in progress." in overview
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "progress"))
        assert sorted(e.detail for e in events) == [
            "Task 4.1: Not started → In progress",
            "Task 4.2: Not started → Done (note or evidence changed)",
        ]


def test_the_log_is_written_in_the_default_language_whatever_the_browser(app, editor):
    """The audit log is one record that every coordinator reads."""
    editor.environ_base["HTTP_ACCEPT_LANGUAGE"] = "fr"
    data = {**form_data(editor.get(FORM)), "task_4_1-status": "done"}

    assert editor.post(FORM, data=data).status_code == 303

    with app.app_context():
        detail = db.session.scalar(select(AuditEvent.detail).where(AuditEvent.action == "progress"))
    assert detail == "Task 4.1: Not started → Done"


@pytest.mark.parametrize(
    "bad",
    [
        "javascript:alert(1)",
        "http://example.org/minutes",
        "//evil.example/x",
        "minutes 12",
        "ftp://x/y",
    ],
)
def test_a_bad_evidence_link_is_refused_next_to_its_field_and_the_text_kept(app, editor, bad):
    data = form_data(editor.get(FORM))
    data.update({"task_2_1-note": "Our long note, typed with care.", "task_2_1-evidence": bad,
                 "task_2_1-status": "done"})  # fmt: skip

    response = editor.post(FORM, data=data)

    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Please correct the fields marked below. Nothing was lost." in html
    error = re.search(r'<p class="error" id="task_2_1-evidence-error">(.*?)</p>', html)
    assert error, "the message sits next to the evidence field"
    assert "Our long note, typed with care." in html
    with app.app_context():
        assert db.session.scalar(select(ProgressEntry.id)) is None  # nothing half-saved


def test_a_save_from_a_stale_page_does_not_overwrite_anothers(app, editor, make_user):
    other = signed_in_client(app, make_user("editor"))
    mine, theirs = form_data(editor.get(FORM)), form_data(other.get(FORM))
    theirs.update({"task_5_1-status": "done", "task_5_1-note": "Co-chairs elected."})
    assert other.post(FORM, data=theirs).status_code == 303
    mine.update({"task_5_1-status": "in-progress", "task_5_1-note": "Still talking.",
                 "task_6_1-status": "done"})  # fmt: skip

    response = editor.post(FORM, data=mine)

    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Someone else saved this task after you opened the page" in html
    assert "Still talking." in html and "Co-chairs elected." in html
    with app.app_context():
        entries = {e.task: e for e in db.session.scalars(select(ProgressEntry))}
        assert entries["5.1"].note == "Co-chairs elected."
        assert entries["6.1"].status is DONE  # the other change went through
    # Saving again from the page now shown keeps the editor's version, on purpose.
    again = form_data(response)
    assert editor.post(FORM, data=again).status_code == 303
    with app.app_context():
        assert db.session.scalar(select(ProgressEntry.note).where(ProgressEntry.task == "5.1")) == (
            "Still talking."
        )


def test_an_expired_form_token_keeps_the_text(app, editor):
    data = form_data(editor.get(FORM))
    data.update({"csrf_token": "expired", "task_1_1-note": "Typed before lunch."})

    response = editor.post(FORM, data=data)

    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "security check expired" in html and "Typed before lunch." in html


def test_partners_may_not_set_the_assessment(app, make_user):
    import_bundled(app)
    partner = signed_in_client(app, make_user("partner", organisation="org-a"))
    assert partner.get(FORM).status_code == 403


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([DONE, DONE], DONE),
        ([DONE, TODO], DOING),
        ([TODO, DOING], DOING),
        ([TODO, TODO], TODO),
        ([], TODO),
    ],
)
def test_a_step_is_as_far_as_its_tasks(statuses, expected):
    assert step_status(statuses) is expected


@pytest.mark.parametrize(
    ("link", "ok"),
    [("/decisions/", True), ("/reports/annual-2025/#money", True), ("https://a.example/b", True),
     ("https://", False), ("mailto:x@example.org", False), ("data:text/html,x", False)],
)  # fmt: skip
def test_evidence_is_a_site_path_or_https(link, ok):
    assert (evidence_problem(link) is None) is ok


def test_the_demo_coalition_has_a_plausible_self_assessment(tmp_path, database_url):
    from tests.conftest import make_app
    from tests.test_setup import close

    app = make_app(tmp_path / "inst", database_url)
    assert app.test_cli_runner().invoke(args=["setup", "--demo"]).exit_code == 0

    html = app.test_client().get(PUBLIC).get_data(as_text=True)
    steps = dict(re.findall(r'<h3 id="step-(\d+)">.*?<span class="status status-([a-z-]+)">', html))
    assert [steps[str(n)] for n in range(1, 13)] == (
        ["done"] * 4 + ["in-progress"] * 4 + ["not-started"] * 4
    )
    close(app)
