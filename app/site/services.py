"""Reading and writing the coalition's own settings."""

from flask import current_app, g
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from app.export.state import depends_on, shared_by_run
from app.extensions import db
from app.site.models import Setting

# What a fresh installation shows before the coalition describes itself.
DEFAULTS = {
    "name": "",
    "tagline": "A multi-stakeholder partnership for the Sustainable Development Goals",
    "about": "",
    # "1": administrators and editors must set up a second factor (app/accounts).
    "require_second_factor": "",
}


class SiteSettings(dict):
    """The settings; each one a page reads is noted, so the export knows what it shows."""

    def __getitem__(self, key: str) -> str:
        depends_on("setting", key)
        return super().__getitem__(key)

    def get(self, key: str, default=None):
        depends_on("setting", key)
        return super().get(key, default)


def site_settings() -> SiteSettings:
    """All settings, read once per request (once per export); ``name`` falls back to SITE_NAME.

    A page that reads a setting depends on it (``setting:<key>``): after an edit of
    ``about``, the export re-renders the home page only; after one of ``name``, every page.
    """
    if "site_settings" not in g:
        g.site_settings = shared_by_run("site_settings", _load_settings)
    return g.site_settings


def _load_settings() -> SiteSettings:
    values = SiteSettings(DEFAULTS)
    try:
        values.update(dict(db.session.execute(select(Setting.key, Setting.value)).all()))
    except SQLAlchemyError:
        # Every page shows the site name, the error pages too: when the database is
        # the thing that failed, they still render, with the defaults.
        db.session.rollback()
        current_app.logger.exception("Could not read site settings")
    values["name"] = dict.get(values, "name") or current_app.config["SITE_NAME"]
    return values


def save_settings(values: dict[str, str]) -> None:
    """Store the given settings and commit."""
    for key, value in values.items():
        setting = db.session.get(Setting, key) or Setting(key=key)
        setting.value = value
        db.session.add(setting)
    db.session.commit()
    g.pop("site_settings", None)


def init_app(app) -> None:
    app.context_processor(lambda: {"site": site_settings()})
