"""The one save flow of /manage's text forms: records, their translations, the guideline's
progress. Each answers the same way, with the same messages:

- a post this site cannot prove it rendered for this user: 400, nothing shown back;
- an invalid form: 422, the form again with the text kept and the fields marked;
- a change saved meanwhile to the same text: 409, nothing overwritten, the form again with
  the person's text kept beside the other version and ``CONFLICT_MESSAGE``;
- a form that names no version it was opened from (``UnknownBaseRevision``): 409, the
  text kept;
- the server's storage refusing the write: 507, the text kept; the database too busy
  to write: 503, from the error handler;
- saved: a flashed message and a 303 back to the form.

A view gives the flow its form, a ``save`` that writes and says what happened, and a
``render`` that shows the form again with a status and a notice.
"""

from collections.abc import Callable
from dataclasses import dataclass

from flask import flash, redirect
from flask_babel import lazy_gettext as _l

from app.diskfull import OUT_OF_SPACE_MESSAGE, OutOfSpace, storing
from app.editing.resume import refuse_unproven_post
from app.editing.services import UnknownBaseRevision

INVALID = 422
CONFLICT = 409
OUT_OF_SPACE = 507

CONFLICT_MESSAGE = _l(
    "This was changed elsewhere while you were editing (by someone else, or in another "
    "tab). Nothing was overwritten: your text is kept below, next to the other."
)
UNKNOWN_BASE_MESSAGE = _l(
    "Nothing was saved: this form does not say which version it was opened from, so your "
    "text could not be compared with changes made meanwhile. Your text is kept below. "
    "Check the history for newer changes, then save again."
)
EXPIRED_TOKEN_MESSAGE = _l(
    "Your session's security check expired before you saved. Your text is kept below: "
    "press Save again."
)


@dataclass
class Saved:
    """Written: ``message`` (if any) is flashed on the page at ``location``."""

    location: str
    message: str | None
    category: str = "success"


@dataclass
class Conflicted:
    """Nothing overwritten: ``render(status, notice)`` shows the person's text beside the
    version saved meanwhile."""

    render: Callable[[int, str], object]


# What ``render`` receives: the status and a notice (None: the form's own errors say it).
Render = Callable[[int, str | None], object]


def save_form(
    form,
    save: Callable[[], Saved | Conflicted],
    render: Render,
    validate: Callable[[], bool] | None = None,
    rebase: Callable[[], None] | None = None,
):
    """Answer a POST of ``form``: validate it, ``save`` it, and say what happened.

    ``save`` runs inside ``storing()``; it may raise ``UnknownBaseRevision`` (nothing
    written); ``rebase`` then points the form at the latest version, which the person is
    asked to check before saving again. ``render`` is called for every answer that shows
    the form again.
    """
    refuse_unproven_post()
    if not (validate or form.validate_on_submit)():
        return render(INVALID, expired_token_notice(form))
    try:
        with storing():
            outcome = save()
    except OutOfSpace:
        return render(OUT_OF_SPACE, str(OUT_OF_SPACE_MESSAGE))
    except UnknownBaseRevision:
        if rebase is not None:
            rebase()
        return render(CONFLICT, str(UNKNOWN_BASE_MESSAGE))
    if isinstance(outcome, Conflicted):
        return outcome.render(CONFLICT, str(CONFLICT_MESSAGE))
    if outcome.message:
        flash(outcome.message, outcome.category)
    return redirect(outcome.location, code=303)


def expired_token_notice(form) -> str | None:
    """The notice for a form whose CSRF token expired (its error cleared: the text is
    kept and saving again works), else None."""
    if form.meta.csrf and form.csrf_token.errors:
        form.csrf_token.errors = []
        return str(EXPIRED_TOKEN_MESSAGE)
    return None
