"""Consumers: `flask worker`, and the one the development server runs for itself."""

import os

import click
from flask import Flask
from flask.helpers import get_debug_flag
from huey.consumer import Consumer

from app.jobs.queue import queue


def make_consumer(app: Flask, workers: int) -> Consumer:
    """A huey consumer of ``app``'s queue: ``workers`` threads, periodic jobs on."""
    queue.configure(app)
    return queue.create_consumer(workers=workers, worker_type="thread", periodic=True)


class EmbeddedConsumer(Consumer):
    """A consumer started beside another program's main loop (the development server):
    that program keeps its own signal handlers, so Ctrl-C still stops it."""

    def _set_signal_handlers(self) -> None:
        pass


def started_by_flask_run() -> bool:
    """Whether this process is the one `flask run` serves requests from.

    Not the reloader's watching parent (it serves nothing), not gunicorn, not a test.
    """
    context = click.get_current_context(silent=True)
    if context is None or context.info_name != "run" or context.command.name != "run":
        return False
    reload = context.params.get("reload")
    if reload is None:
        reload = get_debug_flag()
    return not reload or os.environ.get("WERKZEUG_RUN_MAIN") == "true"


def start_embedded_consumer(app: Flask) -> None:
    """Run the queue's jobs in threads of this process, as `flask worker` would."""
    queue.configure(app)
    consumer = EmbeddedConsumer(queue, workers=app.config["JOBS_WORKERS"], worker_type="thread")
    consumer.start()  # daemon threads: they end with the server
    app.logger.info("Background jobs run inside this server (production runs flask worker).")
