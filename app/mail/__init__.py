"""Outgoing mail: ``send_mail`` renders a message in the recipient's language and queues
its delivery (SMTP with the MAIL_* settings, or the outbox in the instance folder, which
administrators read at /manage/outbox/)."""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

from app.extensions import mail

# cli_group=None puts `flask mail-test` at the top level, as DESIGN.md names it.
bp = Blueprint("mail", __name__, cli_group=None)
# /manage/outbox/: endpoints "mail.manage.<view>".
manage_bp = Blueprint("manage", __name__, url_prefix="/outbox")


def init_app(app: Flask) -> None:
    from app.features import Feature, Link, register_feature
    from app.mail import cli, views  # noqa: F401  (commands and routes)

    mail.init_app(app)
    register_feature(
        app,
        Feature(
            "mail",
            bp,
            manage_blueprint=manage_bp,
            manage_links=(Link("mail.manage.outbox", _l("Outbox"), group="publishing"),),
        ),
    )


from app.mail.sending import compose_mail, send_mail, send_mails  # noqa: E402

__all__ = ["bp", "compose_mail", "init_app", "send_mail", "send_mails"]
