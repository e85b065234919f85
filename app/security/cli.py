import click
from flask import current_app
from flask.cli import with_appcontext

from app.security.checks import run_checks


@click.command("check-deploy")
@with_appcontext
def check_deploy_command() -> None:
    """Refuse settings that are unsafe in production; exit 1 listing each with its fix."""
    problems = run_checks(current_app)
    if not problems:
        click.echo("No problems found by the deployment checks.")
        return
    for problem in problems:
        click.echo(str(problem) + "\n")
    click.echo(f"{len(problems)} problem(s) found. Fix them before serving this installation.")
    raise SystemExit(1)
