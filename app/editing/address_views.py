"""The public address a record will have, shown in full while the person types its title."""

from flask import abort, render_template, request
from flask_login import current_user
from wtforms.validators import StopValidation, ValidationError

from app.accounts.models import Role
from app.addresses import ADDRESS
from app.editing import bp
from app.editing.registry import get_kind
from app.extensions import db
from app.formfields import AddressField, IsoDateField
from app.manage.access import allow_roles


@bp.route("/<record_type>/address")
@allow_roles(Role.ADMIN, Role.EDITOR, Role.PARTNER)
def address(record_type: str):
    """The full URL the form's address field gives, or why it gives none (a GET of the
    title, the address and any date: no token in it, nothing is changed)."""
    kind = get_kind(record_type)
    record_id = request.args.get("record", type=int)
    record = db.session.get(kind.model, record_id) if record_id else None
    if not kind.may_edit(current_user, record):
        abort(403)  # a partner asking about anything but their own record
    form = kind.form(formdata=request.args, record=record, meta={"csrf": False})
    field = next((f for f in form if isinstance(f, AddressField)), None)
    if field is None:
        return ""
    try:
        field.pre_validate(form)
    except (StopValidation, ValidationError) as refusal:
        return render_template("editing/_address.html", problem=str(refusal))
    if not ADDRESS.match(field.data or ""):
        return render_template("editing/_address.html", problem=field.validators[-1].message)
    # A form whose address needs more than the title says what it still waits for.
    waits_for = form.address_waits_for() if hasattr(form, "address_waits_for") else ""
    if waits_for:
        return render_template("editing/_address.html", problem=waits_for)
    if form.address_taken(field.data):
        return render_template("editing/_address.html", taken=True)
    probe = kind.model()
    probe.slug = field.data
    for date_field in (f for f in form if isinstance(f, IsoDateField) and f.data):
        setattr(probe, date_field.name, date_field.data)
    return render_template(
        "editing/_address.html", url=request.host_url.rstrip("/") + kind.public_url(probe)
    )
