"""`flask worker`: run the background jobs (mail, Publish, periodic jobs)."""

import click
from flask import current_app

from app.jobs import bp
from app.jobs.consumer import make_consumer


@bp.cli.command("worker")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    help="Jobs run at once, each in a thread (default: the JOBS_WORKERS setting).",
)
def worker_command(workers: int | None) -> None:
    """Run queued and periodic jobs until stopped (Ctrl-C or SIGTERM finishes the jobs
    that are running first)."""
    app = current_app._get_current_object()
    consumer = make_consumer(app, workers or app.config["JOBS_WORKERS"])
    click.echo(f"Running jobs from {describe_storage(app)}; Ctrl-C stops.")
    consumer.run()


def describe_storage(app) -> str:
    url = app.config["JOBS_URL"]
    if url:
        # The address without a password it may hold.
        return url.split("@")[-1] if "@" in url else url
    return app.extensions["jobs"].filename
