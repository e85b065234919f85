"""`flask setup`: bring an instance folder and its database up to date. Safe to run twice."""

import secrets
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade


def ensure_instance() -> bool:
    """Create the instance folder and a secret key in its config.py; True if a key was made."""
    instance = Path(current_app.instance_path)
    for folder in (instance, Path(current_app.config["UPLOAD_FOLDER"])):
        folder.mkdir(parents=True, exist_ok=True)
    config_file = instance / "config.py"
    existing = config_file.read_text(encoding="utf-8") if config_file.exists() else ""
    if "SECRET_KEY" in existing:
        return False
    key = secrets.token_hex(32)
    with config_file.open("a", encoding="utf-8") as out:
        if not existing:
            out.write("# Settings of this installation. Never commit this file.\n")
        out.write(f'SECRET_KEY = "{key}"\n')
    config_file.chmod(0o600)
    current_app.config["SECRET_KEY"] = key
    current_app.config.pop("SECRET_KEY_IS_EPHEMERAL", None)
    return True


@click.command("setup")
@click.option("--demo", is_flag=True, help="Also load a realistic sample coalition.")
@with_appcontext
def setup_command(demo: bool) -> None:
    """Create the instance folder, migrate the database and import content/."""
    if ensure_instance():
        click.echo(f"Wrote a new secret key to {Path(current_app.instance_path) / 'config.py'}.")
    upgrade()
    click.echo("Database is up to date.")
    from app.guideline.cli import run_import

    content = Path(current_app.config["CONTENT_FOLDER"])
    click.echo("\n".join(run_import(content)))
    from app.guideline.translations import import_translations

    translated = import_translations(content)
    if translated:
        click.echo("\n".join(translated))
    from app.pages.bundled import add_bundled_pages

    # Drafts, for a new coalition and the demo alike: nothing unfinished is public.
    if added := add_bundled_pages():
        click.echo("Pages to adapt and publish, added as drafts: " + ", ".join(added) + ".")
    if demo:
        from app.demo import load_demo

        click.echo(load_demo())
