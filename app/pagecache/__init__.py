"""Rendered public pages kept in each worker's memory for anonymous readers.

A public page is the same for every reader without a session (``app.security.caching``
marks it ``public``), so the first such reader's answer is kept and the next ones get it
without rendering or touching the database: ``serving`` decides what is looked up and
what is kept, ``store`` holds the pages within PAGE_CACHE_BYTES (each for at most
PUBLIC_MAX_AGE seconds, as long as a browser keeps it), ``generation`` is the
file whose content changes whenever a public page may have changed, and ``invalidation``
changes it after every commit that wrote something a public page can show.

Each gunicorn worker has its own copy; all of them read the same file in the instance
folder, so an edit saved through one worker is seen by the others on their next request.
"""

from flask import Flask


def init_app(app: Flask) -> None:
    """Look pages up and keep them, unless PAGE_CACHE_BYTES is 0; the generation is
    changed after public changes whatever the setting, so a worker started with the
    cache on never serves a page older than the last edit."""
    from app.pagecache import invalidation, serving

    invalidation.listen()
    if int(app.config["PAGE_CACHE_BYTES"]) > 0:
        serving.init_app(app)
