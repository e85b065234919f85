"""The minutes' lifecycle: circulate, approve, amend. Publishing is the editing mechanism's.

draft ──circulate──▶ circulated ──approve──▶ approved ──publish──▶ published
                                                 └──amend (dated, with a public note)──┘

Drafts and circulated minutes are never public: the model refuses to be published before
approval, and every public query also asks for approved minutes. Approval fixes the text
(kept with its SHA-256); from then on ``amend_minutes`` is the only way to change it.
"""

from datetime import date

from flask_babel import gettext as _

from app.accounts.models import User, utcnow
from app.audit.services import record_event
from app.editing.models import Status
from app.editing.services import head_snapshot, publish_record, save_record
from app.extensions import db
from app.meetings.models import (
    Meeting,
    Minutes,
    MinutesAmendment,
    MinutesStage,
    normalise_text,
    sha256_of,
)
from app.transparency.guards import RecordLocked


def circulate_minutes(minutes: Minutes, user: User | None) -> None:
    """Mark draft minutes as sent to the body's members for comment, and commit.

    :raises RecordLocked: the minutes are not a draft, or are in the trash.
    """
    if minutes.stage is not MinutesStage.DRAFT or minutes.status is Status.TRASHED:
        raise RecordLocked(_("Only draft minutes can be circulated."), minutes)
    minutes.stage = MinutesStage.CIRCULATED
    minutes.circulated_at = utcnow()
    record_event("circulate", actor=user, record=minutes)
    db.session.commit()


def return_to_draft(minutes: Minutes, user: User | None) -> None:
    """Take circulated minutes back to draft (to rework them before circulating again)."""
    if minutes.stage is not MinutesStage.CIRCULATED:
        raise RecordLocked(_("Only circulated minutes can go back to draft."), minutes)
    minutes.stage = MinutesStage.DRAFT
    record_event("uncirculate", actor=user, record=minutes)
    db.session.commit()


def approve_minutes(
    minutes: Minutes, at_meeting: Meeting, approved_on: date, user: User | None
) -> None:
    """Record that ``at_meeting`` approved the circulated text on ``approved_on``, and commit.

    The latest draft becomes the fixed text, kept with its SHA-256.

    :raises RecordLocked: the minutes have not been circulated, or are already approved.
    """
    if minutes.stage is not MinutesStage.CIRCULATED or minutes.status is Status.TRASHED:
        raise RecordLocked(
            _("Minutes are approved after they have been circulated to the members."), minutes
        )
    text = normalise_text(head_snapshot(minutes).get("body", ""))
    if text != head_snapshot(minutes).get("body"):
        save_record(minutes, {"body": text}, minutes.head_revision_id, user, "Line endings")
    digest = sha256_of(text)
    minutes.approved_text = text
    minutes.approved_sha256 = digest
    minutes.fixed_text = text
    minutes.fixed_sha256 = digest
    minutes.approved_on = approved_on
    minutes.approved_at_meeting_id = at_meeting.id
    minutes.stage = MinutesStage.APPROVED
    # Unpublished minutes show their draft in their columns; make that the approved text.
    minutes.body = text
    record_event("approve", actor=user, record=minutes, detail=f"SHA-256 {digest}")
    db.session.commit()


def amend_minutes(
    minutes: Minutes,
    text: str,
    note: str,
    amended_on: date,
    user: User | None,
    at_meeting: Meeting | None = None,
) -> MinutesAmendment:
    """Correct approved minutes with a new, dated version and a public note, and commit.

    The earlier versions stay as they were and stay listed. Published minutes show the
    amended text at once.

    :raises RecordLocked: the minutes are not approved, or the text did not change.
    """
    text = normalise_text(text)
    if minutes.stage is not MinutesStage.APPROVED:
        raise RecordLocked(_("Only approved minutes are amended; edit the draft."), minutes)
    if text == minutes.fixed_text or not note.strip():
        raise RecordLocked(_("An amendment changes the text and says what changed."), minutes)
    amendment = MinutesAmendment(
        minutes=minutes,
        number=len(minutes.versions) + 1,
        amended_on=amended_on,
        approved_at_meeting_id=at_meeting.id if at_meeting else None,
        note=note.strip(),
        text=text,
        sha256=sha256_of(text),
        author_id=user.id if user else None,
    )
    db.session.add(amendment)
    minutes.fixed_text = text
    minutes.fixed_sha256 = amendment.sha256
    # Written before the revision, which is checked against the fixed text in the database.
    db.session.flush()
    save_record(
        minutes,
        {"body": text},
        minutes.head_revision_id,
        user,
        note=_("Amendment %(number)s: %(note)s", number=amendment.number, note=amendment.note),
    )
    record_event(
        "amend", actor=user, record=minutes, detail=f"version {amendment.number}: {amendment.note}"
    )
    if minutes.status is Status.PUBLISHED:
        publish_record(minutes, user)
    else:
        db.session.commit()
    return amendment
