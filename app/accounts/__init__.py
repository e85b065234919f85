"""Accounts: coordinators and partner contacts who sign in, and their roles."""

from flask import Blueprint, Flask

# cli_group=None puts `flask create-user` at the top level, as DESIGN.md names it.
bp = Blueprint("accounts", __name__, cli_group=None)
# The account and user pages under /manage: endpoints "accounts.manage.<view>".
manage_bp = Blueprint("manage", __name__)


def init_app(app: Flask) -> None:
    from app.accounts import (  # noqa: F401  (routes and commands attach to bp and manage_bp)
        account_views,
        admin_views,
        cli,
        invitation_views,
        link_views,
        second_factor_views,
        views,
    )
    from app.accounts.first_step import INVITE_STEP
    from app.features import Feature, register_feature

    register_feature(
        app, Feature("accounts", bp, manage_blueprint=manage_bp, first_steps=(INVITE_STEP,))
    )
