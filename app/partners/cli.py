import sys
from pathlib import Path

import click

from app.partners import bp
from app.partners.csvdata import import_csv, write_csv
from app.partners.services import published_organisations


@bp.cli.command("import-partners")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check every row and report; write nothing.")
@click.option("--publish", is_flag=True, help="Publish the organisations (default: drafts).")
def import_partners_command(file: Path, dry_run: bool, publish: bool):
    """Add the organisations in a CSV file, only if every row is valid."""
    report = import_csv(file.read_bytes(), None, publish=publish, dry_run=dry_run, source=file.name)
    for line in report.lines():
        click.echo(line)
    if not report.ok:
        click.echo(
            f"{len(report.error_rows)} of {len(report.rows)} rows have problems. "
            "Nothing was written.",
        )
        sys.exit(1)
    if dry_run:
        click.echo(f"All {len(report.rows)} rows are valid. Nothing was written (--dry-run).")
    else:
        state = "published" if publish else "added as drafts"
        click.echo(f"Imported {report.written} organisations ({state}).")


@bp.cli.command("export-partners")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of standard output.",
)
def export_partners_command(out: Path | None):
    """Write the published organisations as CSV (public contact details only)."""
    organisations = published_organisations()
    if out is None:
        write_csv(organisations, sys.stdout)
        return
    with out.open("w", encoding="utf-8", newline="") as handle:
        write_csv(organisations, handle)
    click.echo(f"Wrote {len(organisations)} organisations to {out}.", err=True)
