"""Flask extensions, created unbound and attached to an app in ``create_app``."""

from datetime import UTC, datetime

import flask_babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_mailman import Mail
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from htmx_flask import Htmx
from sqlalchemy import DateTime, MetaData, TypeDecorator
from sqlalchemy.orm import DeclarativeBase


class UTCDateTime(TypeDecorator):
    """A moment in time, stored as naive UTC and always read back as aware UTC.

    SQLite keeps no time zone and PostgreSQL's ``timestamp`` would apply the session's;
    storing UTC explicitly gives both databases the same answer.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect):
        return value.replace(tzinfo=UTC) if value is not None else None


class Base(DeclarativeBase):
    # Named constraints make Alembic's batch migrations on SQLite and its
    # PostgreSQL migrations refer to the same constraint names.
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


db = SQLAlchemy(model_class=Base)
# Every `Mapped[datetime]` column is a UTCDateTime. (Set on the registry: Flask-SQLAlchemy
# subclasses Base, and SQLAlchemy refuses a type map inherited that way.)
db.Model.registry.update_type_annotation_map({datetime: UTCDateTime})
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
# The export gives it a message domain of its own (``app.export.state.RunTranslations``).
babel = flask_babel.Babel()
htmx_extension = Htmx()
# Limits are declared on the views they guard (sign-in); none applies by default.
limiter = Limiter(get_remote_address)
# Outgoing mail (app/mail): SMTP with the MAIL_* settings.
mail = Mail()
