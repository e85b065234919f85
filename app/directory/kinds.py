"""Partner organisations as an editable kind of record."""

from flask import url_for
from flask_babel import lazy_gettext as _l

from app.directory.forms import OrganisationForm
from app.directory.models import Organisation
from app.editing.registry import EditableKind


def partner_may_edit(user, record) -> bool:
    """A partner user edits the organisation they speak for (their saves go to review)."""
    return bool(user.organisation_slug) and user.organisation_slug == record.slug


ORGANISATION_KIND = EditableKind(
    record_type="organisation",
    model=Organisation,
    form=OrganisationForm,
    label=_l("organisation"),
    plural=_l("Partners"),
    title_field="name",
    markdown_field="description",
    public_url=lambda record: url_for("directory.organisation", slug=record.slug),
    partner_may_edit=partner_may_edit,
    order_by=("name",),
)
