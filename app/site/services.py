"""Reading and writing the coalition's own settings."""

from flask import current_app, g
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from app.extensions import db
from app.site.models import Setting

# What a fresh installation shows before the coalition describes itself.
DEFAULTS = {
    "name": "",
    "tagline": "A multi-stakeholder partnership for the Sustainable Development Goals",
    "about": "",
}


def site_settings() -> dict[str, str]:
    """All settings, read once per request; ``name`` falls back to SITE_NAME."""
    if "site_settings" not in g:
        values = dict(DEFAULTS)
        try:
            values.update(dict(db.session.execute(select(Setting.key, Setting.value)).all()))
        except SQLAlchemyError:
            # Every page shows the site name, the error pages too: when the database is
            # the thing that failed, they still render, with the defaults.
            db.session.rollback()
            current_app.logger.exception("Could not read site settings")
        values["name"] = values["name"] or current_app.config["SITE_NAME"]
        g.site_settings = values
    return g.site_settings


def save_settings(values: dict[str, str]) -> None:
    """Store the given settings and commit."""
    for key, value in values.items():
        setting = db.session.get(Setting, key) or Setting(key=key)
        setting.value = value
        db.session.add(setting)
    db.session.commit()
    g.pop("site_settings", None)


def register(app) -> None:
    app.context_processor(lambda: {"site": site_settings()})
