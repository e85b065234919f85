"""`flask mail-test ADDRESS`: send a test message now and say where it went."""

from smtplib import SMTPException

import click
from flask_babel import force_locale

from app.mail import bp
from app.mail.compose import compose
from app.mail.delivery import deliver


@bp.cli.command("mail-test")
@click.argument("address")
def mail_test_command(address: str) -> None:
    """Send a test message to ADDRESS with the MAIL_* settings, without the queue."""
    with force_locale("en"):
        composed = compose(address, "mail/test", None, None)
    try:
        where = deliver(composed)
    except (SMTPException, OSError) as error:
        message = " ".join(str(error).split()) or type(error).__name__
        click.echo(f"Could not send to {address}: {type(error).__name__}: {message}", err=True)
        raise SystemExit(1) from None
    if where.endswith(".eml"):
        click.echo(f"No MAIL_SERVER is set: the message to {address} is in the outbox, {where}")
    else:
        click.echo(f"Sent to {address} through {where}.")
