"""An organisation's contacts: the partner users who speak for it, and inviting one from
the organisation's edit page in /manage (administrators only, as for every account)."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.accounts.admin_forms import InviteContactForm
from app.accounts.invitations import invite_person
from app.accounts.models import Role, User
from app.accounts.services import AccountError
from app.editing.models import Status
from app.extensions import db
from app.manage.access import allow_roles
from app.partners.manage_views import bp
from app.partners.models import Partner


def organisation_contacts(slug: str) -> list[User]:
    """The partner users who speak for the organisation ``slug``, by address."""
    query = select(User).where(User.role == Role.PARTNER, User.organisation_slug == slug)
    return list(db.session.scalars(query.order_by(User.email)))


# Its fields' ids differ from those of the organisation's own form on the edit page.
CONTACT_PREFIX = "contact"


def invite_contact_form() -> InviteContactForm:
    """A blank invitation form, for the section of the partner's edit page."""
    return InviteContactForm(formdata=None, prefix=CONTACT_PREFIX)


@bp.route("/<int:partner_id>/invite", methods=["GET", "POST"])
@allow_roles(Role.ADMIN)
def invite_contact(partner_id: int):
    organisation = db.session.get(Partner, partner_id)
    if organisation is None or organisation.status == Status.TRASHED:
        abort(404)
    form = InviteContactForm(prefix=CONTACT_PREFIX)
    if form.validate_on_submit():
        try:
            user = invite_person(form.email.data, Role.PARTNER, organisation.slug,
                                 form.language.data, by=current_user,
                                 name=form.name.data or "")  # fmt: skip
        except AccountError as error:
            form[error.field or "email"].errors.append(str(error))
        else:
            flash(_("An invitation is on its way to %(email)s, to speak for %(name)s.",
                    email=user.email, name=organisation.name), "success")  # fmt: skip
            return redirect(
                url_for("editing.edit", record_type="partner", record_id=partner_id) + "#contacts",
                code=303,
            )
    status = 422 if form.errors else 200
    return render_template(
        "partners/invite_contact.html",
        form=form,
        record=organisation,
        contacts=organisation_contacts(organisation.slug),
    ), status
