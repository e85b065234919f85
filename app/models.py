"""Every model of every feature, imported in one place.

The factory imports this module so that SQLAlchemy's metadata (and so Alembic's
autogenerate and the tests' ``create_all``) always knows the whole schema.
"""

from app.accounts.models import User
from app.audit.models import AuditEvent
from app.editing.models import Revision
from app.guideline.models import GuidelinePage, ProgressEntry
from app.pages.models import Page
from app.site.models import Setting
from app.uploads.models import Attachment

__all__ = [
    "Attachment",
    "AuditEvent",
    "GuidelinePage",
    "Page",
    "ProgressEntry",
    "Revision",
    "Setting",
    "User",
]
