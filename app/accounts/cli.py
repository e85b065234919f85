import sys

import click
from flask_babel import force_locale

from app.accounts import bp
from app.accounts.models import Role
from app.accounts.services import AccountError, create_user


def read_password() -> str:
    """Ask twice at a terminal; read one line when the password is piped in."""
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\r\n")


@bp.cli.command("create-user")
@click.argument("email")
@click.option(
    "--role", type=click.Choice([r.value for r in Role]), required=True, help="What they may do."
)
@click.option("--organisation", help="Slug of a partner user's organisation.")
@click.option("--name", default="", help="The person's name, as shown in the history.")
def create_user_command(email, role, organisation, name):
    """Create a user who can sign in; the password is read at a prompt or from stdin."""
    password = read_password()
    with force_locale("en"):
        try:
            user = create_user(email, password, Role(role), organisation, name)
        except AccountError as error:
            raise click.ClickException(str(error)) from error
    click.echo(f"Created {user.email} ({user.role.value}).")
