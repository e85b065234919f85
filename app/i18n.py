"""Which language a request is served in."""

from flask import current_app, has_request_context, request


def select_locale() -> str:
    """Pick the best of the configured languages from the browser's Accept-Language.

    Outside a request (the command line) the default language is used.
    """
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    return request.accept_languages.best_match(languages) or languages[0]
