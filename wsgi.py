"""Entry point for `flask` (found by name) and for gunicorn: `gunicorn wsgi:app`."""

from app import create_app

app = create_app()
