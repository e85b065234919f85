"""Every model of every feature, imported in one place.

The factory imports this module so that SQLAlchemy's metadata (and so Alembic's
autogenerate and the tests' ``create_all``) always knows the whole schema.
"""

from app.accounts.models import AuditEvent, User
from app.site.models import Setting

__all__ = ["AuditEvent", "Setting", "User"]
