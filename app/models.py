"""Every model of every feature, imported in one place.

The factory imports this module so that SQLAlchemy's metadata (and so Alembic's
autogenerate and the tests' ``create_all``) always knows the whole schema.
"""

from app.accounts.models import User
from app.directory.models import JoinApplication, Organisation, OrganisationSdg
from app.editing.models import AuditEvent, Revision
from app.pages.models import Page
from app.site.models import Setting
from app.uploads.models import Attachment

__all__ = [
    "Attachment",
    "AuditEvent",
    "JoinApplication",
    "Organisation",
    "OrganisationSdg",
    "Page",
    "Revision",
    "Setting",
    "User",
]
