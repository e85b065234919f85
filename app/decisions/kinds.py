"""How decisions and actions appear in the editing mechanism."""

from flask import url_for
from flask_babel import lazy_gettext as _l

from app.decisions.forms import ActionForm, DecisionForm
from app.decisions.models import Action, Decision
from app.editing.registry import EditableKind


def owns_action(user, action) -> bool:
    """A partner's focal point may suggest updates to their own organisation's actions."""
    return bool(user.organisation_slug) and user.organisation_slug == action.owner_slug


DECISION_KIND = EditableKind(
    record_type=Decision.record_type,
    menu_group="record",
    model=Decision,
    form=DecisionForm,
    label=_l("decision"),
    plural=_l("Decisions"),
    title_field="label",
    markdown_field="text",
    public_url=lambda record: url_for("decisions.index", _anchor=record.anchor),
    order_by=("number",),
    staff_sections=("decisions/manage/_actions.html",),
)

ACTION_KIND = EditableKind(
    record_type=Action.record_type,
    menu_group="record",
    model=Action,
    form=ActionForm,
    label=_l("action"),
    plural=_l("Actions"),
    markdown_field=None,
    public_url=lambda record: url_for("decisions.index", _anchor=record.anchor),
    partner_may_edit=owns_action,
    order_by=("due_on", "id"),
    prefill_fields=("decision_id",),
    staff_sections=("decisions/manage/_decision.html",),
)
