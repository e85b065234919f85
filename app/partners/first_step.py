"""The directory's step of a new coalition's first hour: its first partners."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.editing.models import Status
from app.features import FirstStep, StepLink
from app.partners.models import Partner


def has_partners():
    return select(Partner.id).where(Partner.status != Status.TRASHED).exists()


PARTNERS_STEP = FirstStep(
    "partners",
    _l("Add or import partners"),
    has_partners,
    links=(
        StepLink("editing.new", _l("Add a partner"), (("record_type", Partner.record_type),)),
        StepLink("partners.manage.import_partners", _l("Import partners from a spreadsheet")),
    ),
    position=20,
)
