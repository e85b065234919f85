"""Pages as an editable kind of record."""

from flask import url_for
from flask_babel import lazy_gettext as _l

from app.editing.registry import EditableKind
from app.pages.forms import PageForm
from app.pages.models import Page

PAGE_KIND = EditableKind(
    record_type="page",
    model=Page,
    form=PageForm,
    label=_l("page"),
    plural=_l("Pages"),
    public_url=lambda record: url_for("pages.page", slug=record.slug),
    members_only_allowed=True,
)
