"""Friendly error pages: a reader never sees a stack trace."""

from flask import Flask, current_app, render_template, request
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException, InternalServerError

from app.extensions import db
from app.htmx import wants_fragment
from app.security.limits import discard_refused_body

MESSAGES = {
    400: (_l("That request could not be understood"),
          _l("Something in the request was missing or malformed. Go back and try again.")),
    403: (_l("You may not open this page"),
          _l("Your account does not have access to this page.")),
    404: (_l("Page not found"),
          _l("There is no page at this address. It may have moved, or the link may be wrong.")),
    405: (_l("That action is not available here"),
          _l("This page cannot be used that way.")),
    413: (_l("That is more than this site accepts"),
          _l("The file or text you sent is larger than this site accepts. Go back, and send "
             "a shorter text or a smaller file.")),
    429: (_l("Too many attempts"),
          _l("Please wait a little before you try again.")),
    500: (_l("Something went wrong on our side"),
          _l("The error has been logged. Please try again in a moment.")),
}  # fmt: skip


def render_error(error: HTTPException):
    code = error.code or 500
    title, explanation = MESSAGES.get(code, (error.name, error.description))
    # htmx swaps a 413 into the part of the page that asked (base.html's htmx-config), such
    # as the editor's preview, so it gets the message alone.
    template = "errors/_message.html" if code == 413 and wants_fragment() else "errors/error.html"
    if code == 413:
        discard_refused_body()
    return render_template(template, code=code, title=title, explanation=explanation), code


def handle_unexpected(error: Exception):
    current_app.logger.exception("Unhandled error on %s %s", request.method, request.path)
    # Leave the database session clean for whatever runs next in this worker.
    db.session.rollback()
    return render_error(InternalServerError())


def register(app: Flask) -> None:
    app.register_error_handler(HTTPException, render_error)
    if not app.debug:
        # In debug mode the interactive debugger is more use than a friendly page.
        app.register_error_handler(Exception, handle_unexpected)
