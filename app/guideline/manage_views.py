"""/manage/guidelines/progress: editors record where the coalition stands on each task."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.editing.resume import refuse_unproven_post
from app.extensions import csrf
from app.guideline import bp
from app.guideline.forms import progress_form, task_field_name
from app.guideline.progress import Change, assessment, parse_evidence, save_progress
from app.guideline.services import load_guide


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


@bp.route("/manage/guidelines/progress", methods=["GET", "POST"])
@csrf.exempt  # the form checks its own token, so an expired one re-shows the text
def edit_progress():
    guide = load_guide()
    progress = assessment(guide)
    numbers = [task.number for step in progress.steps for task in step.tasks]
    if request.method == "GET":
        form = progress_form(numbers, data=_initial_data(progress))
        return render_progress(guide, progress, form)

    refuse_unproven_post()
    form = progress_form(numbers, formdata=request.form)
    if not form.validate():
        return render_progress(guide, progress, form, status=422)
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
    saved, refused = save_progress(changes, current_user)
    if refused:
        progress = assessment(guide)
        for number in refused:
            form[task_field_name(number)].form.status.errors = [
                _("Someone else saved this task after you opened the page. Your text is kept "
                  "here; their version is shown below it. Save again to keep yours.")
            ]  # fmt: skip
            form[task_field_name(number)].form.version.data = str(
                next(t.version for s in progress.steps for t in s.tasks if t.number == number)
            )
        return render_progress(guide, progress, form, status=409, refused=refused)
    if saved:
        flash(_("Saved the status of %(n)d task(s).", n=len(saved)), "success")
    else:
        flash(_("Nothing had changed, so nothing was saved."), "success")
    return redirect(url_for("guideline.edit_progress"), code=303)


def render_progress(guide, progress, form, status=200, refused=()):
    notice = None
    if form.meta.csrf and form.csrf_token.errors:
        form.csrf_token.errors = []
        notice = _(
            "Your session's security check expired before you saved. Your text is kept "
            "below: press Save again."
        )
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
