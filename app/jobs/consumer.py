"""Consumers: `flask worker`, and the one the development server runs for itself."""

import os

import click
from flask import Flask
from flask.helpers import get_debug_flag
from huey.consumer import Consumer

from app.jobs.queue import queue


class AppConsumer(Consumer):
    """A huey consumer of one app's queue: its threads take jobs from that app's storage
    and run them in that app, even in a process that builds other apps later (the tests)."""

    def __init__(self, app: Flask, **options) -> None:
        queue.configure(app)
        super().__init__(queue, **options)
        self.app = app

    def _create_process(self, process, name):
        initialize = process.initialize

        def initialize_bound_to_app() -> None:
            queue.bind_thread(self.app)
            initialize()

        process.initialize = initialize_bound_to_app
        return super()._create_process(process, name)

    def start(self) -> None:
        queue.bind_thread(self.app)
        super().start()


def make_consumer(app: Flask, workers: int) -> AppConsumer:
    """A huey consumer of ``app``'s queue: ``workers`` threads, periodic jobs on."""
    return AppConsumer(app, workers=workers, worker_type="thread", periodic=True)


class EmbeddedConsumer(AppConsumer):
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


def start_embedded_consumer(app: Flask) -> EmbeddedConsumer:
    """Run the queue's jobs in threads of this process, as `flask worker` would; stop them
    with ``consumer.stop(graceful=True)``, or leave them to end with the process."""
    consumer = EmbeddedConsumer(app, workers=app.config["JOBS_WORKERS"], worker_type="thread")
    consumer.start()  # daemon threads
    app.logger.info("Background jobs run inside this process (production runs flask worker).")
    return consumer
