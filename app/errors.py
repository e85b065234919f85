"""Friendly error pages: a reader never sees a stack trace."""

from flask import Flask, current_app, render_template, request
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

from app.database import is_lock_timeout, only_read_from_now
from app.extensions import db

MESSAGES = {
    400: (_l("That request could not be understood"),
          _l("Something in the request was missing or malformed. Go back and try again.")),
    403: (_l("You may not open this page"),
          _l("Your account does not have access to this page.")),
    404: (_l("Page not found"),
          _l("There is no page at this address. It may have moved, or the link may be wrong.")),
    405: (_l("That action is not available here"),
          _l("This page cannot be used that way.")),
    413: (_l("That file is too large"),
          _l("The upload is larger than this site accepts.")),
    429: (_l("Too many attempts"),
          _l("Please wait a little before you try again.")),
    500: (_l("Something went wrong on our side"),
          _l("The error has been logged. Please try again in a moment.")),
}  # fmt: skip


def render_error(error: HTTPException):
    code = error.code or 500
    title, explanation = MESSAGES.get(code, (error.name, error.description))
    return render_template(
        "errors/error.html", code=code, title=title, explanation=explanation
    ), code


def handle_unexpected(error: Exception):
    current_app.logger.exception("Unhandled error on %s %s", request.method, request.path)
    # Leave the database session clean for whatever runs next in this worker.
    db.session.rollback()
    return render_error(InternalServerError())


def handle_busy(error: OperationalError):
    """A change waited too long for another to finish: nothing was written; offer to send
    the same text again (a file has to be chosen again: a browser cannot be handed one)."""
    if not is_lock_timeout(error):
        if current_app.debug:
            raise error
        return handle_unexpected(error)
    current_app.logger.warning("Gave up waiting for the database on %s", request.path)
    db.session.rollback()
    only_read_from_now()
    fields = [
        (key, value)
        for key, value in request.form.items(multi=True)
        if key != "csrf_token" and "password" not in key
    ]
    response = render_template(
        "errors/busy.html", target=request.path, fields=fields, had_files=bool(request.files)
    )
    return response, 503, {"Retry-After": "5"}


def register(app: Flask) -> None:
    app.register_error_handler(HTTPException, render_error)
    app.register_error_handler(OperationalError, handle_busy)
    if not app.debug:
        # In debug mode the interactive debugger is more use than a friendly page.
        app.register_error_handler(Exception, handle_unexpected)
