"""Query strings with NUL characters are refused before any view reads them."""

from flask import abort, request


def refuse_nul_in_query() -> None:
    """A 400 for a NUL anywhere in the query string.

    PostgreSQL refuses NUL even as a query parameter, so a filter such as
    /decisions/?owner=%00 failed there with a 500. No link or form of ours makes one.
    """
    if any("\x00" in key or "\x00" in value for key, value in request.args.items(multi=True)):
        abort(400)
