"""The coordinators' area under /manage: dashboard, trash, users and the audit log.

Access to the whole area is checked once, in ``access.protect``, for every URL under
/manage whichever blueprint serves it.
"""

from flask import Blueprint, Flask

from app.areas import MANAGE_PREFIX

bp = Blueprint("manage", __name__, url_prefix=MANAGE_PREFIX)


def init_app(app: Flask) -> None:
    """The dashboard, trash, users and audit log; the area's menu of every feature's links."""
    from app.features import Feature, register_feature
    from app.manage import (
        menu,
        views,  # noqa: F401
    )
    from app.site.first_step import NAME_STEP

    # Site settings are on every public page.
    register_feature(
        app,
        Feature("manage", bp, public_actions=frozenset({"settings"}), first_steps=(NAME_STEP,)),
    )
    menu.init_app(app)
