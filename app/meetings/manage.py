"""/manage/minutes-approval/: the list of minutes by stage, and the steps of their lifecycle.

Each step (circulate, approve, amend) is shown on the minutes' own edit page, beside the
draft, by ``meetings/manage/_lifecycle.html``; these views carry it out and go back there.
"""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.editing.models import Status
from app.editing.services import head_snapshot
from app.editing.views import render_edit
from app.extensions import db
from app.meetings.forms import AmendMinutesForm, ApproveMinutesForm, lifecycle_forms
from app.meetings.kinds import MINUTES_KIND
from app.meetings.minutes import amend_minutes, approve_minutes, circulate_minutes, return_to_draft
from app.meetings.models import Meeting, Minutes

# Under /manage, registered by the meetings feature: endpoints "meetings.manage.<view>".
bp = Blueprint("manage", __name__, url_prefix="/minutes-approval")


def load_minutes(record_id: int) -> Minutes:
    minutes = db.session.get(Minutes, record_id)
    if minutes is None:
        abort(404)
    return minutes


def stage_url(minutes: Minutes) -> str:
    return url_for("editing.edit", record_type="minutes", record_id=minutes.id)


@bp.route("/")
def minutes_approval():
    minutes = db.session.scalars(
        select(Minutes)
        .join(Minutes.meeting)
        .where(Minutes.status != Status.TRASHED)
        .order_by(Meeting.meeting_date.desc())
    ).all()
    return render_template("meetings/manage/approval.html", all_minutes=minutes)


@bp.route("/<int:record_id>")
def minutes_stage(record_id: int):
    """The stages are on the minutes' edit page; this address stays for old links."""
    return redirect(stage_url(load_minutes(record_id)), code=301)


def render_stage(minutes: Minutes, approve_form=None, amend_form=None, status: int = 200):
    """The minutes' edit page with a refused step's form, its errors and text kept."""
    forms = lifecycle_forms(minutes)
    forms["approve_form"] = approve_form or forms["approve_form"]
    forms["amend_form"] = amend_form or forms["amend_form"]
    form = MINUTES_KIND.form(data=head_snapshot(minutes), record=minutes, formdata=None)
    form.base_revision.data = str(minutes.head_revision_id or "")
    return render_edit(MINUTES_KIND, minutes, form, status=status, **forms)


@bp.route("/<int:record_id>/circulate", methods=["POST"])
def circulate(record_id: int):
    minutes = load_minutes(record_id)
    circulate_minutes(minutes, current_user)
    flash(_("Marked as circulated to the members. Still private."), "success")
    return redirect(stage_url(minutes), code=303)


@bp.route("/<int:record_id>/draft", methods=["POST"])
def uncirculate(record_id: int):
    minutes = load_minutes(record_id)
    return_to_draft(minutes, current_user)
    flash(_("Back to draft."), "success")
    return redirect(stage_url(minutes), code=303)


@bp.route("/<int:record_id>/approve", methods=["POST"])
def approve(record_id: int):
    minutes = load_minutes(record_id)
    form = ApproveMinutesForm(minutes)
    if not form.validate_on_submit():
        return render_stage(minutes, approve_form=form, status=422)
    at_meeting = db.session.get(Meeting, form.approved_at.data)
    if at_meeting is None:
        abort(400)
    approve_minutes(minutes, at_meeting, form.approved_on.data, current_user)
    flash(_("Approved. The text is now fixed; publish it to show it."), "success")
    return redirect(stage_url(minutes), code=303)


@bp.route("/<int:record_id>/amend", methods=["POST"])
def amend(record_id: int):
    minutes = load_minutes(record_id)
    form = AmendMinutesForm(minutes)
    if not form.validate_on_submit():
        return render_stage(minutes, amend_form=form, status=422)
    at_meeting = db.session.get(Meeting, form.approved_at.data) if form.approved_at.data else None
    amendment = amend_minutes(
        minutes, form.text.data, form.note.data, form.amended_on.data, current_user, at_meeting
    )
    flash(_("Amendment recorded as version %(number)s.", number=amendment.number), "success")
    return redirect(stage_url(minutes), code=303)
