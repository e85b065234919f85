"""`flask content check|import|export`: the bundled guideline on the command line."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from app.guideline.checks import check_content
from app.guideline.content import ContentError, read_content

content_command = AppGroup("content", help="Check, import or export the guideline's content.")


def _folder(folder: str | None) -> Path:
    return Path(folder or current_app.config["CONTENT_FOLDER"])


@content_command.command("check")
@click.argument("folder", required=False, type=click.Path(file_okay=False))
def check(folder: str | None) -> None:
    """Check a content folder (default: the configured content/) without importing it."""
    folder_path = _folder(folder)
    content = read_content(folder_path)
    problems = check_content(content)
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        raise click.ClickException(f"{len(problems)} problem(s) in {folder_path}.")
    click.echo(f"{folder_path}: {len(content.pages)} pages, no problems.")


@content_command.command("import")
@click.argument("folder", required=False, type=click.Path(file_okay=False))
def import_(folder: str | None) -> None:
    """Import a content folder; pages edited in the browser since are kept."""
    click.echo("\n".join(run_import(_folder(folder))))


def run_import(folder: Path) -> list[str]:
    """Import ``folder``; the report's lines. Raises ClickException listing the problems."""
    from app.guideline.importing import import_content

    try:
        report = import_content(folder)
    except ContentError as error:
        for problem in error.problems:
            click.echo(problem, err=True)
        raise click.ClickException(
            f"{folder} has {len(error.problems)} problem(s); nothing was imported."
        ) from error
    return report.lines()


@content_command.command("export")
@click.argument("dest", type=click.Path(file_okay=False))
def export(dest: str) -> None:
    """Write the published guideline to DEST as Markdown files, in the content/ layout."""
    from app.guideline.importing import export_content

    written = export_content(Path(dest), _folder(None))
    click.echo(f"Wrote {len(written)} files to {dest}.")
