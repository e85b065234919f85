"""Friendly error pages: a reader never sees a stack trace, and always gets an answer.

An error page is what is left when something failed, so it relies on as little as it
can: it is rendered without the compiled template cache (nothing is written to disk), and
when even that fails (the database, the templates, the disk) a minimal static page goes
out instead. ``LastResort`` answers for anything that escapes Flask's own handling, so
the server never closes a connection without a response.
"""

import logging
import sys
from collections.abc import Iterable

from flask import Flask, current_app, render_template, request
from flask.globals import request_ctx
from flask_babel import lazy_gettext as _l
from markupsafe import escape
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

from app.database import is_lock_timeout, only_read_from_now
from app.diskfull import is_out_of_space
from app.extensions import db
from app.htmx import wants_fragment
from app.security.limits import discard_refused_body

logger = logging.getLogger(__name__)

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
    507: (_l("The server is out of space"),
          _l("Nothing was saved: the server's disk is full or cannot be written. "
             "Go back, keep a copy of your text, and try again later.")),
}  # fmt: skip

# In English and built from nothing: what goes out when rendering in the reader's
# language is itself what fails.
MINIMAL_PAGE = (
    '<!doctype html>\n<html lang="{lang}"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    "<title>{title}</title></head>\n<body><h1>{title}</h1>\n<p>{explanation}</p>\n"
    '<p><a href="/">{home}</a></p></body></html>\n'
)
LAST_RESORT = MINIMAL_PAGE.format(
    lang="en",
    title="Something went wrong on our side",
    explanation="The error has been logged. Please try again in a moment.",
    home="Go to the home page",
).encode()


class InsufficientStorage(HTTPException):
    """507: a change could not be stored because the server's disk refused the write."""

    code = 507


def render_error(error: HTTPException):
    code = error.code or 500
    title, explanation = MESSAGES.get(code, (error.name, error.description))
    context = {"code": code, "title": title, "explanation": explanation}
    if request_ctx.url_adapter is None:
        # The request was refused before routing (a Host not in TRUSTED_HOSTS): no URL
        # can be built for the page's links, and none should be built from that Host.
        return minimal_page(code, title, explanation), code
    if code == 413:
        discard_refused_body()
    # htmx swaps a 413 into the part of the page that asked (base.html's htmx-config), such
    # as the editor's preview, so it gets the message alone.
    template = "errors/_message.html" if code == 413 and wants_fragment() else "errors/error.html"
    try:
        return render_without_cache(template, context), code
    except Exception:
        current_app.logger.exception("The error page for %s failed; sent the minimal one", code)
        return minimal_page(code, title, explanation), code


def render_without_cache(template_name: str, context: dict) -> str:
    """Render like ``render_template``, but compile in memory: never read or write the
    compiled template cache, whose disk may be the thing that is failing."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    environment = app.extensions.get("roundtable.error_jinja_env")
    if environment is None:
        # Shares the loader, globals and filters; only the bytecode cache differs.
        environment = app.jinja_env.overlay(bytecode_cache=None, cache_size=50)
        app.extensions["roundtable.error_jinja_env"] = environment
    app.update_template_context(context)
    return environment.get_template(template_name).render(context)


def minimal_page(code: int, title, explanation) -> str:
    """The error page with no layout, no link but home, and nothing to read or write."""
    from app.i18n import current_language

    try:
        texts = (current_language(), str(title), str(explanation), str(_l("Go to the home page")))
    except Exception:  # the catalogues or the request are what failed: say it in English
        texts = ("en", f"Error {code}", "", "Go to the home page")
    lang, title, explanation, home = map(escape, texts)
    return MINIMAL_PAGE.format(lang=lang, title=title, explanation=explanation, home=home)


def handle_unexpected(error: Exception):
    if is_out_of_space(error):
        current_app.logger.error("Out of space on %s %s: %s", request.method, request.path, error)
    else:
        current_app.logger.exception("Unhandled error on %s %s", request.method, request.path)
    try:
        # Leave the database session clean for whatever runs next in this worker.
        db.session.rollback()
    except Exception:
        current_app.logger.exception("Rolling back after the error failed too")
    return render_error(InsufficientStorage() if is_out_of_space(error) else InternalServerError())


class LastResort:
    """WSGI middleware: an exception that escapes the app still gets a 500 answer.

    Flask hands errors to the handlers above; this catches what escapes them (a handler
    that fails outright, a teardown that raises), where the server would otherwise drop
    the connection. Where Flask propagates errors (testing, debug) it steps aside.
    """

    def __init__(self, app: Flask, wsgi_app):
        self.app = app
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response) -> Iterable[bytes]:
        try:
            return self.wsgi_app(environ, start_response)
        except Exception:
            if self.app.config["PROPAGATE_EXCEPTIONS"] or self.app.testing or self.app.debug:
                raise
            logger.exception("No answer from the error handlers; sent the last-resort page")
            headers = [
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Length", str(len(LAST_RESORT))),
                ("Cache-Control", "no-store"),
            ]
            start_response("500 Internal Server Error", headers, sys.exc_info())
            return [LAST_RESORT]


def posted_text() -> list[tuple[str, str]]:
    """The fields this request posted, tokens and passwords left out, to show them back."""
    return [
        (key, value)
        for key, value in request.form.items(multi=True)
        if key != "csrf_token" and "password" not in key
    ]


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
    fields = posted_text()
    from app.editing.resume import is_proven_post

    response = render_template(
        "errors/busy.html",
        target=request.path,
        fields=fields,
        # Sending again gets a fresh token: only for a form this site rendered for this
        # person, never for one another site forged (its text is shown, not re-posted).
        may_resend=is_proven_post(),
        had_files=bool(request.files),
    )
    return response, 503, {"Retry-After": "5"}


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, render_error)
    app.register_error_handler(OperationalError, handle_busy)
    if not app.debug:
        # In debug mode the interactive debugger is more use than a friendly page.
        app.register_error_handler(Exception, handle_unexpected)


def answer_always(app: Flask) -> None:
    """Wrap the whole WSGI app (proxies included) in ``LastResort``; call last."""
    app.wsgi_app = LastResort(app, app.wsgi_app)
