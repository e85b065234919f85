import unicodedata

from flask import abort, redirect, render_template, url_for
from flask_login import current_user

from app.accounts.models import Role
from app.extensions import db
from app.members import bp, documents, services
from app.members.visits import record_visit
from app.partners.vocab import group_label
from app.uploads.models import Attachment
from app.uploads.views import file_response


@bp.route("/")
def index():
    organisation = services.organisation_of(current_user)
    previous_visit = record_visit(current_user)
    shared = documents.shared_documents()
    # Everything is new on a first visit; after it, what was shared since the last one.
    new = {d.key for d in shared if previous_visit is None or d.shared_at > previous_visit}
    return render_template(
        "members/index.html",
        organisation=organisation,
        group=group_label(organisation.stakeholder_group) if organisation else "",
        is_coordinator=current_user.has_role(Role.ADMIN, Role.EDITOR),
        documents=shared,
        new_documents=new,
        actions=services.open_actions_of(organisation.slug) if organisation else [],
    )


@bp.route("/people/")
def people():
    return render_template(
        "members/people.html", members=services.members(), group_label=group_label
    )


@bp.route("/documents/<record_type>/<slug>/")
def document(record_type: str, slug: str):
    shared = documents.shared_document(record_type, slug)
    if shared is None:
        abort(404)
    return render_template("members/document.html", document=shared, files=shared.files())


@bp.route("/files/<int:attachment_id>/<path:filename>")
def download(attachment_id: int, filename: str):
    """A file of a document shared with members, in the version they were shown."""
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None or not documents.shared_file(attachment):
        abort(404)
    if unicodedata.normalize("NFC", filename) != attachment.original_name:
        return redirect(
            url_for("members.download", attachment_id=attachment.id,
                    filename=attachment.original_name),
            301,
        )  # fmt: skip
    return file_response(attachment, public=False)
