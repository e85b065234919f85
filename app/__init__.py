"""Roundtable: a portal for coalitions working as a multi-stakeholder partnership."""

import os
import secrets
from collections.abc import Mapping
from importlib import import_module
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

# Every feature of the portal, in the order of the main navigation, the search results'
# kinds, the /manage menu and the export. The one list of features: each package's
# init_app declares the rest (app/features.py).
FEATURES = (
    "app.home",
    "app.accounts",
    "app.pages",
    "app.guideline",
    "app.uploads",
    "app.manage",
    "app.editing",
    "app.opendata",
    "app.partners",
    "app.meetings",
    "app.decisions",
    "app.reports",
    "app.members",
    "app.funding",
    "app.feeds",
    "app.subscriptions",
    "app.search",
    "app.translating",
    "app.crawl",
    "app.jobs",
    "app.mail",
    "app.export",
    "app.notifications",
)


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
    register_features(app)
    init_platform(app)
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

    access.init_app(app)
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


def register_features(app: Flask) -> None:
    """Every feature in ``FEATURES``, then the test-only ones of ``EXTRA_FEATURES``; each
    package's ``init_app`` registers its ``app.features.Feature``.

    A package's ``init_app`` is also where its views (and commands) are imported, so their
    routes attach to its blueprints then: importing one module of a package never loads the
    rest of the app, whatever imports it first (``tests/test_imports.py``)."""
    for name in (*FEATURES, *app.config["EXTRA_FEATURES"]):
        import_module(name).init_app(app)


def init_platform(app: Flask) -> None:
    """What every page has, whichever features are installed."""
    from app import audit, errors, navigation, pagecache, security, templating, transparency
    from app.site import services as site

    # The page cache last: it answers only after the security checks have passed.
    for module in (transparency, errors, navigation, templating, audit, site, security, pagecache):
        module.init_app(app)


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
