"""Counting the SQL statements an app sends."""

from contextlib import contextmanager

from sqlalchemy import event

from app.extensions import db


@contextmanager
def counted(app):
    """Yields a list whose length is the number of statements sent meanwhile."""
    statements = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)
