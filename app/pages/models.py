from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.editing.models import Editable
from app.extensions import db


class Page(Editable, db.Model):
    record_type = "page"
    edit_fields = ("title", "slug", "summary", "body")
    translatable_fields = ("title", "summary", "body")

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    summary: Mapped[str] = mapped_column(String(300), default="")
    body: Mapped[str] = mapped_column(Text, default="")
