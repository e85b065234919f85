"""Absolute links for notices, built in a request or, in a job or a command, from SITE_URL."""

from contextlib import nullcontext

from flask import current_app, has_request_context, url_for


def absolute_url(endpoint: str, **values) -> str:
    """``url_for(endpoint, **values, _external=True)``, with or without a request (as
    app.mail builds the links of its messages)."""
    if has_request_context():
        addressed = nullcontext()
    else:
        base_url = current_app.config["SITE_URL"] or "http://localhost"
        addressed = current_app.test_request_context("/", base_url=base_url)
    with addressed:
        return url_for(endpoint, **values, _external=True)
