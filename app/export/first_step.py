"""The export's step of a new coalition's first hour: the first public copy."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.export.publishing import PublishRun, RunStatus
from app.features import FirstStep, StepLink


def has_published():
    return (
        select(PublishRun.id)
        .where(PublishRun.status == RunStatus.DONE.value, PublishRun.is_public_copy.is_(True))
        .exists()
    )


PUBLISH_STEP = FirstStep(
    "publish",
    _l("Publish"),
    has_published,
    links=(StepLink("export.manage.publish", _l("Publish the site")),),
    position=60,
)
