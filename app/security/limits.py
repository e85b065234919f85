"""The size of a request's body, by what it carries: files, or text only.

MAX_CONTENT_LENGTH is sized for an upload. A body without files (a form sent as
application/x-www-form-urlencoded, as every form but the upload forms is) is all text, read
into memory at once; Werkzeug applies MAX_FORM_MEMORY_SIZE only to the text parts of a
multipart body. This request class applies it to the whole of any other body too, so that
megabytes posted to a text form are refused (413) before they are read, not parsed,
validated and rendered.
"""

from flask import Request, current_app, request
from werkzeug.exceptions import ClientDisconnected
from werkzeug.wsgi import LimitedStream


def sized(request_class: type[Request]) -> type[Request]:
    """``request_class`` (htmx-flask's, which adds ``request.htmx``) with the limit above."""
    return type("SizedRequest", (SizedBody, request_class), {})


class SizedBody(Request):
    @property
    def max_content_length(self) -> int | None:
        limit = super().max_content_length
        if self._max_content_length is not None or not current_app:
            return limit
        if self.mimetype == "multipart/form-data":
            return limit
        text = current_app.config["MAX_FORM_MEMORY_SIZE"]
        return text if limit is None else min(limit, text)

    @max_content_length.setter
    def max_content_length(self, value: int | None) -> None:
        self._max_content_length = value


def discard_refused_body() -> None:
    """Read and drop what is left of a refused body, up to MAX_CONTENT_LENGTH.

    A server that answers and closes while a body is still arriving makes the client's
    connection reset: the browser shows a network error instead of the answer (gunicorn
    itself drains only 64 KB). Reading without keeping costs little next to parsing.
    """
    length = request.content_length
    if not length or length > current_app.config["MAX_CONTENT_LENGTH"]:
        return
    # A body refused part way through (a text part too large) was read by werkzeug's
    # stream, which knows how far; one refused unread is read from the start.
    stream = request.__dict__.get("stream") or LimitedStream(request.environ["wsgi.input"], length)
    try:
        while stream.read(64 * 1024):
            pass
    except ClientDisconnected:
        pass
