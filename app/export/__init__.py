"""The static export: the public site as files, for any web server, a CDN or a USB stick.

Features declare their public pages with ``register_public_urls``, what they show with
``depends_on``, and what the export may read at once with ``register_bulk_loader``;
``run_export`` (and ``flask freeze``) does the rest. Templates read the
``exporting`` flag to leave out what only works live, such as the sign-in link.
"""

from flask import Blueprint, Flask, current_app

from app.export.loaders import register_bulk_loader
from app.export.policy import meta_policy
from app.export.registry import (
    NEVER_EXPORTED,
    register_count_check,
    register_parents,
    register_public_urls,
    register_shown,
)
from app.export.state import (
    RunTranslations,
    depends_on,
    export_base_url,
    is_exporting,
    shared_by_run,
)
from app.extensions import babel, limiter

# cli_group=None puts `flask freeze` at the top level, as DESIGN.md names it.
bp = Blueprint("export", __name__, cli_group=None)


@bp.app_context_processor
def inject_exporting() -> dict:
    return {"exporting": is_exporting()}


# For macros, which are imported without a page's context (so made once) and cannot read
# the flag above.
bp.add_app_template_global(is_exporting)


@bp.app_template_global()
def export_content_security_policy(webassembly: bool = False) -> str:
    """The site's policy as an exported page carries it (app/export/policy.py)."""
    return meta_policy(current_app.config["CONTENT_SECURITY_POLICY"], webassembly)


@limiter.request_filter
def export_requests_are_not_limited() -> bool:
    """The export's requests are the app rendering itself, not a reader at an address;
    looking up their limits would be a noticeable share of rendering each page."""
    return is_exporting()


def init_app(app: Flask) -> None:
    from app.export import cli, views  # noqa: F401
    from app.features import Feature, register_feature

    # Messages come from the catalogue of the run while a page is rendered for the export
    # (one per language for the whole run), else as Flask-Babel finds them.
    babel.domain_instance = RunTranslations(domain=app.extensions["babel"].default_domain)
    from app.export.first_step import PUBLISH_STEP

    register_feature(
        app, Feature("export", bp, manage_blueprint=views.bp, first_steps=(PUBLISH_STEP,))
    )
    from app.export.publishing import running_publish
    from app.jobs import register_running

    register_running(app, running_publish)


from app.export.report import ExportReport, Problem, Progress  # noqa: E402
from app.export.services import run_export  # noqa: E402
from app.export.signals import publish_failed  # noqa: E402

__all__ = [
    "NEVER_EXPORTED",
    "ExportReport",
    "Problem",
    "Progress",
    "bp",
    "depends_on",
    "export_base_url",
    "init_app",
    "is_exporting",
    "publish_failed",
    "register_count_check",
    "register_parents",
    "register_bulk_loader",
    "register_public_urls",
    "register_shown",
    "run_export",
    "shared_by_run",
]
