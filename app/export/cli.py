"""`flask freeze`: export the public site as static files."""

import sys
from pathlib import Path

import click
from flask import current_app

from app.export import bp
from app.export.publishing import age_in_words, record_run
from app.export.publishing_slot import take_slot
from app.export.report import Progress
from app.export.services import normalise_base_url, run_export


def _progress_printer():
    """Show the page count on a terminal; print nothing when the output is a file."""
    if not sys.stdout.isatty():
        return None

    def show(progress: Progress) -> None:
        if progress.phase == "render" and progress.done % 50 == 0:
            click.echo(f"\r{progress.done} of {progress.total} pages", nl=False)
        elif progress.phase == "done":
            click.echo("\r", nl=False)

    return show


@bp.cli.command("freeze")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to export into (default: the EXPORT_FOLDER setting, <instance>/export).",
)
@click.option(
    "--zip",
    "zip_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the offline bundle, a zip that opens from files.",
)
@click.option("--base-url", help="Where the export will be served, e.g. https://example.org/.")
def freeze_command(out: Path | None, zip_path: Path | None, base_url: str | None) -> None:
    """Export the public site, check it, and swap it in; nothing changes if a check fails."""
    try:
        normalise_base_url(base_url)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--base-url") from error
    app = current_app._get_current_object()
    default_folder = Path(app.config["EXPORT_FOLDER"]).resolve()
    # The same slot as the Publish button: a command and a button run never overlap, and
    # /manage/publish/ shows this run's progress.
    run, started = take_slot(
        requested_via="command", is_public_copy=out is None or out.resolve() == default_folder
    )
    if not started:
        click.echo(
            f"A publish is running (started {age_in_words(run.started_at)}); "
            "try again when it has finished.",
            err=True,
        )
        raise SystemExit(1)
    printer = _progress_printer()

    def export(progress, changes):
        def both(step: Progress) -> None:
            progress(step)
            if printer:
                printer(step)

        return run_export(out, zip_path=zip_path, base_url=base_url, progress=both)

    report = record_run(app, run.id, export)
    for warning in report.warnings:
        click.echo(f"Note: {warning}.")
    if report.unexported_endpoints:
        click.echo(
            "Note: no public URLs are registered for "
            + ", ".join(report.unexported_endpoints)
            + ", so they are not exported."
        )
    if not report.ok:
        for problem in report.problems:
            click.echo(f"  {problem}", err=True)
        click.echo(report.summary(), err=True)
        raise SystemExit(1)
    click.echo(report.summary())
