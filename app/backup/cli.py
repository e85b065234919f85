from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from app.backup.services import BackupError, create_backup, restore_backup


@click.command("backup")
@click.argument("destination", type=click.Path(file_okay=False, path_type=Path))
@with_appcontext
def backup_command(destination: Path) -> None:
    """Copy the database and uploads to the new folder DESTINATION, with checksums."""
    try:
        manifest = create_backup(destination)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    size = sum(entry["size"] for entry in manifest["files"])
    click.echo(
        f"Backed up the {manifest['database']['engine']} database and "
        f"{len(manifest['files']) - 1} upload(s), {size:,} bytes, to {destination}."
    )


@click.command("restore")
@click.argument("source", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(source: Path, yes: bool) -> None:
    """Replace the database and uploads with the backup in SOURCE, after checking it.

    Stop the site before restoring.
    """
    if not yes:
        click.confirm(
            f"This replaces the database and uploads of {current_app.instance_path} with "
            f"the backup in {source}. Continue?",
            abort=True,
        )
    try:
        manifest = restore_backup(source)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Restored the backup of {manifest['created_at']} from {source}.")
    click.echo("If the backup comes from an older version of Roundtable, run `flask setup` now.")
