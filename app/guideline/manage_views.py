"""/manage/guidelines/progress: editors record where the coalition stands on each task."""

from flask import Blueprint, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.editing.saving import Conflicted, Saved, expired_token_notice, save_form
from app.extensions import csrf
from app.guideline.forms import progress_form, task_field_name
from app.guideline.progress import Change, assessment, parse_evidence, save_progress
from app.guideline.services import load_guide

# Under /manage, registered by the guideline feature: endpoints "guideline.manage.<view>".
bp = Blueprint("manage", __name__, url_prefix="/guidelines")


def _initial_data(progress) -> dict:
    return {
        task_field_name(task.number): {
            "status": task.status.value,
            "note": task.note,
            "evidence": "\n".join(task.evidence),
            "version": str(task.version),
        }
        for step in progress.steps
        for task in step.tasks
    }


@bp.route("/progress", methods=["GET", "POST"])
@csrf.exempt  # the form checks its own token, so an expired one re-shows the text
def edit_progress():
    guide = load_guide()
    progress = assessment(guide)
    numbers = [task.number for step in progress.steps for task in step.tasks]
    if request.method == "GET":
        form = progress_form(numbers, data=_initial_data(progress))
        return render_progress(guide, progress, form)

    form = progress_form(numbers, formdata=request.form)

    def save():
        saved, refused = save_progress(changes_in(form, numbers), current_user)
        if refused:
            return Conflicted(lambda status, notice: render_refused(guide, form, refused, status,
                                                                    notice))  # fmt: skip
        if saved:
            message = _("Saved the status of %(n)d task(s).", n=len(saved))
        else:
            message = _("Nothing had changed, so nothing was saved.")
        return Saved(url_for("guideline.manage.edit_progress"), message)

    return save_form(
        form,
        save,
        lambda status, notice: render_progress(guide, progress, form, status, notice=notice),
        validate=form.validate,
    )


def changes_in(form, numbers: list[str]) -> list[Change]:
    """Each task's status, note and links as posted, with the version the editor saw."""
    changes = []
    for number in numbers:
        sub = form[task_field_name(number)].form
        links, _problems = parse_evidence(sub.evidence.data)
        version = sub.version.data or "0"
        changes.append(
            Change(
                number,
                sub.status_value(),
                sub.note.data or "",
                links,
                int(version) if version.isascii() and version.isdigit() else -1,
            )
        )
    return changes


def render_refused(guide, form, refused: list[str], status: int, notice: str):
    """The form as posted, each refused task marked and set to the version saved meanwhile
    (shown below it), so that saving again keeps the editor's text knowingly."""
    progress = assessment(guide)
    for number in refused:
        sub = form[task_field_name(number)].form
        sub.status.errors = [
            _("Someone else saved this task after you opened the page. Your text is kept "
              "here; their version is shown below it. Save again to keep yours.")
        ]  # fmt: skip
        sub.version.data = str(
            next(t.version for s in progress.steps for t in s.tasks if t.number == number)
        )
    return render_progress(guide, progress, form, status, refused=refused, notice=notice)


def render_progress(guide, progress, form, status=200, refused=(), notice=None):
    notice = notice or expired_token_notice(form)
    return (
        render_template(
            "guideline/progress_form.html",
            guide=guide,
            progress=progress,
            form=form,
            notice=notice,
            refused=set(refused),
            task_field_name=task_field_name,
        ),
        status,
    )
