"""The coordinators' area under /manage: dashboard, trash, users and the audit log.

Access to the whole area is checked once, in ``access.protect``, for every URL under
/manage whichever blueprint serves it.
"""

from flask import Blueprint

bp = Blueprint("manage", __name__, url_prefix="/manage")

from app.manage import views  # noqa: E402, F401
