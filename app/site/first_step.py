"""The settings' step of a new coalition's first hour: give the site its own name."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.features import FirstStep, StepLink
from app.site.models import Setting


def named_itself():
    # A stored name, however it came (the settings page, the demo): until then every page
    # shows SITE_NAME, the installation's placeholder.
    return select(Setting.key).where(Setting.key == "name", Setting.value != "").exists()


NAME_STEP = FirstStep(
    "name",
    _l("Name the coalition"),
    named_itself,
    links=(StepLink("manage.settings", _l("Settings")),),
    position=10,
)
