"""Roundtable: a portal for coalitions working as a multi-stakeholder partnership."""

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from app.database import (
    bound_int_urls,
    configure_sqlite,
    database_uri,
    engine_options,
    include_name,
    render_migration_item,
)
from app.extensions import babel, csrf, db, htmx_extension, limiter, login_manager, migrate
from app.templatecache import cache_compiled_templates

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build a Roundtable application.

    ``config`` is applied last, over the defaults, ``<instance>/config.py`` and the
    ``ROUNDTABLE_*`` environment; tests use it to point at a temporary instance folder.
    """
    instance_path = (config or {}).get("INSTANCE_PATH") or os.environ.get(
        "ROUNDTABLE_INSTANCE_PATH", str(ROOT / "instance")
    )
    app = Flask(
        __name__,
        instance_path=str(Path(instance_path).resolve()),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    bound_int_urls(app)
    load_config(app, config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    cache_compiled_templates(app)
    init_extensions(app)
    register_blueprints(app)
    register_commands(app)
    # Last: every public page's rule gets its language-prefixed twin.
    from app.i18n import add_language_prefixes

    add_language_prefixes(app)
    from app.errors import answer_always

    answer_always(app)
    return app


def load_config(app: Flask, config: Mapping[str, Any] | None) -> None:
    app.config.from_object("app.config")
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("ROUNDTABLE")
    if config:
        app.config.update(config)
    from app.security.siteaddress import configure_hosts

    configure_hosts(app.config)

    instance = Path(app.instance_path)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_uri(
        app.config["DATABASE_URL"], app.instance_path
    )
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(app.config)
    app.config["UPLOAD_FOLDER"] = app.config["UPLOAD_FOLDER"] or str(instance / "uploads")
    app.config["EXPORT_FOLDER"] = app.config["EXPORT_FOLDER"] or str(instance / "export")
    app.config["CONTENT_FOLDER"] = app.config["CONTENT_FOLDER"] or str(ROOT / "content")
    # Flask-Babel would look beside the app package (app/translations), not in the repository.
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = app.config[
        "BABEL_TRANSLATION_DIRECTORIES"
    ] or str(ROOT / "translations")
    if not app.config["SECRET_KEY"]:
        # Without `flask setup` there is no key on disk yet. A throwaway key keeps a first
        # `flask run` working (sessions end with the process); `flask check-deploy` refuses it.
        app.config["SECRET_KEY"] = secrets.token_hex(32)
        app.config["SECRET_KEY_IS_EPHEMERAL"] = True


def init_extensions(app: Flask) -> None:
    from app import models  # noqa: F401  (the whole schema, for Alembic and create_all)

    db.init_app(app)
    with app.app_context():
        configure_sqlite(app, db.engine)
    migrate.init_app(
        app,
        db,
        directory=str(ROOT / "migrations"),
        render_as_batch=True,
        render_item=render_migration_item,
        include_name=include_name,
    )
    # First of all, before any view, sign-in check or CSRF check: a request that changes
    # something and was sent by another site is refused, whoever is signed in.
    from app.security.crosssite import refuse_cross_site

    app.before_request(refuse_cross_site)
    # The /manage area is checked before CSRF, so a signed-out coordinator is asked to sign
    # in (keeping their text) rather than told their form token is wrong.
    from app.manage import access

    access.register(app)
    csrf.init_app(app)
    htmx_extension.init_app(app)
    limiter.init_app(app)

    from app import i18n, markdown

    i18n.init_app(app)
    markdown.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)

    from app.accounts.services import load_user

    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.login_view = "accounts.login"
    login_manager.login_message_category = "info"


def register_blueprints(app: Flask) -> None:
    from flask_babel import lazy_gettext as _l

    from app import directory, errors, navigation, security, templating
    from app.accounts import bp as accounts_bp
    from app.audit import labels as audit_labels
    from app.crawl import bp as crawl_bp
    from app.directory.views import ORGANISATION_KIND
    from app.editing import bp as editing_bp
    from app.editing.registry import register_kind, register_template_helpers
    from app.export import bp as export_bp
    from app.guideline import bp as guideline_bp
    from app.guideline.views import GUIDELINE_KIND
    from app.home import bp as home_bp
    from app.manage import bp as manage_bp
    from app.manage import menu
    from app.opendata import bp as data_bp
    from app.pages import bp as pages_bp
    from app.pages.views import PAGE_KIND
    from app.search import bp as search_bp
    from app.site import services as site
    from app.uploads import bp as uploads_bp

    app.register_blueprint(home_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(pages_bp)
    app.register_blueprint(guideline_bp)
    app.register_blueprint(uploads_bp)
    app.register_blueprint(manage_bp)
    app.register_blueprint(editing_bp)
    app.register_blueprint(directory.bp)
    app.register_blueprint(data_bp)
    menu.register(app)
    register_template_helpers(app)

    # Every kind of record edited through the one editing mechanism.
    register_kind(app, PAGE_KIND)
    register_kind(app, GUIDELINE_KIND)
    menu.add_manage_link(app, "guideline.edit_progress", _l("Where we are"))
    register_kind(app, ORGANISATION_KIND)
    directory.register(app)

    register_transparency(app)
    app.register_blueprint(search_bp)

    from app import translating

    translating.register(app)

    app.register_blueprint(crawl_bp)
    app.register_blueprint(export_bp)
    errors.register(app)
    navigation.register(app)
    templating.register(app)
    audit_labels.register(app)
    site.register(app)
    security.register(app)
    connect_signals()


def connect_signals() -> None:
    """Who acts on what editing announces (``app.editing.signals``): the audit log, and
    the attachments and translations a purged record takes with it."""
    from app import audit, translating, uploads

    audit.connect_signals()
    uploads.connect_signals()
    translating.connect_signals()


def register_transparency(app: Flask) -> None:
    """Meetings, decisions, reports, funding, and their feeds and open data."""
    from flask_babel import lazy_gettext as _l

    from app import transparency
    from app.decisions import bp as decisions_bp
    from app.decisions.kinds import ACTION_KIND, DECISION_KIND
    from app.editing.registry import register_kind
    from app.feeds import bp as feeds_bp
    from app.feeds.datasets import register_datasets
    from app.funding import bp as funding_bp
    from app.funding.kinds import FUNDING_KIND
    from app.manage.menu import add_manage_link
    from app.meetings import bp as meetings_bp
    from app.meetings.kinds import BODY_KIND, MEETING_KIND, MINUTES_KIND
    from app.reports import bp as reports_bp
    from app.reports.kinds import REPORT_KIND

    app.register_blueprint(meetings_bp)
    app.register_blueprint(decisions_bp)
    app.register_blueprint(reports_bp)
    app.register_blueprint(funding_bp)
    app.register_blueprint(feeds_bp)
    for kind in (BODY_KIND, MEETING_KIND, MINUTES_KIND, DECISION_KIND, ACTION_KIND,
                 REPORT_KIND, FUNDING_KIND):  # fmt: skip
        register_kind(app, kind)
    add_manage_link(app, "meetings.minutes_approval", _l("Minutes approval"))
    transparency.register(app)
    register_datasets(app)


def register_commands(app: Flask) -> None:
    from app.guideline.cli import content_command
    from app.setup import setup_command

    app.cli.add_command(setup_command)
    app.cli.add_command(content_command)

    from app.security.cli import check_deploy_command

    app.cli.add_command(check_deploy_command)

    from app.backup.cli import backup_command, restore_command

    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
