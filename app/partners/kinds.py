"""Partner organisations as an editable kind of record."""

from flask import url_for
from flask_babel import lazy_gettext as _l

from app.editing.registry import EditableKind
from app.partners.forms import PartnerForm
from app.partners.models import Partner


def partner_may_edit(user, record) -> bool:
    """A partner user edits the organisation they speak for (their saves go to review)."""
    return bool(user.organisation_slug) and user.organisation_slug == record.slug


PARTNER_KIND = EditableKind(
    record_type="partner",
    menu_group="partners",
    model=Partner,
    form=PartnerForm,
    label=_l("partner"),
    plural=_l("Partners"),
    title_field="name",
    markdown_field="description",
    public_url=lambda record: url_for("partners.partner", slug=record.slug),
    partner_may_edit=partner_may_edit,
    order_by=("name",),
    admin_sections=("partners/_contacts.html",),
)
