"""Notices for what editing and the directory announce (``app.editing.signals``,
``app.partners.signals``).

The receivers run inside the transaction of the change: the notices they add are committed
with it, or rolled back with it.
"""

from app.accounts.models import User
from app.editing import signals
from app.editing.registry import all_kinds
from app.extensions import db
from app.notifications import kinds
from app.notifications.links import absolute_url
from app.notifications.notices import notify
from app.notifications.recipients import coordinators
from app.partners.signals import application_submitted


def edit_url(record) -> str:
    """Where a coordinator works on ``record``: its editor, or a translation's own."""
    if record.record_type == "translation":
        return absolute_url(
            "translating.edit", record_type=record.source_type, record_id=record.source_id,
            language=record.language,
        )  # fmt: skip
    return absolute_url("editing.edit", record_type=record.record_type, record_id=record.id)


def title_of(record) -> str:
    """The record's title as the /manage lists show it (partners have a name, not a title;
    a translation is named by what it translates and its language)."""
    if record.record_type == "translation":
        source = all_kinds().get(record.source_type)
        original = source and db.session.get(source.model, record.source_id)
        name = source.title_of(original) if original else record.source_type
        return f"{name} ({record.language})"
    kind = all_kinds().get(record.record_type)
    return kind.title_of(record) if kind else str(record.id)


def _others(users: list[User], user: User | None) -> list[User]:
    """``users`` but whoever did it: they know already."""
    return [someone for someone in users if user is None or someone.id != user.id]


def tell_of_application(application, **_extra) -> None:
    notify(
        coordinators(),
        kinds.APPLICATION,
        "application",
        absolute_url("partners.manage.applications"),
        subject=application.name,
        detail=application.description[:200],
    )


def tell_of_submission(record, *, user=None, detail: str = "", **_extra) -> None:
    notify(
        _others(coordinators(), user),
        kinds.SUGGESTION,
        "suggestion",
        edit_url(record),
        subject=title_of(record),
        detail=detail,
    )


def tell_of_conflict(record, *, user=None, outcome=None, **_extra) -> None:
    if str(outcome) != "conflict":
        return
    notify(
        _others(coordinators(), user),
        kinds.CONFLICT,
        "conflict",
        edit_url(record),
        subject=title_of(record),
    )


def _answer(event_name: str):
    def tell_author(record, *, submission=None, **_extra) -> None:
        author = db.session.get(User, submission.author_id) if submission else None
        if author is None:
            return
        notify([author], kinds.ANSWER, event_name, edit_url(record), subject=title_of(record))

    return tell_author


# Made once, so that connecting again (an app per test) finds the same receivers.
TELL_ACCEPTED = _answer("accepted")
TELL_DECLINED = _answer("declined")


def connect() -> None:
    """Subscribe to the signals (connecting again changes nothing)."""
    application_submitted.connect(tell_of_application)
    signals.edit_submitted.connect(tell_of_submission)
    signals.record_saved.connect(tell_of_conflict)
    signals.submission_accepted.connect(TELL_ACCEPTED)
    signals.submission_declined.connect(TELL_DECLINED)
