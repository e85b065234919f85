"""Entry point for `flask` (found by name) and for gunicorn: `gunicorn wsgi:app`."""

import gc

from app import create_app

app = create_app()

# Everything made at start-up (the app, its modules, templates, the URL map) lives as long
# as the process. Frozen, Python's full collections no longer walk it: a search that makes
# many objects triggers them, and each took tens of milliseconds. gunicorn imports this
# module in each worker after the fork, and the development server once.
gc.freeze()
