"""The accounts' step of a new coalition's first hour: someone besides the first admin."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.accounts.models import User
from app.features import FirstStep, StepLink


def has_second_user():
    # An invitation not yet answered counts: inviting is the coordinator's part done.
    return select(func.count(User.id)).scalar_subquery() >= 2


INVITE_STEP = FirstStep(
    "invite",
    _l("Invite people"),
    has_second_user,
    links=(StepLink("accounts.manage.users", _l("Invite a person"), (("_anchor", "invite"),)),),
    position=30,
)
