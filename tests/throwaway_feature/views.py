from flask import abort, render_template
from sqlalchemy import select

from app.editing.models import Status
from app.export import depends_on
from app.extensions import db
from tests.throwaway_feature import bp
from tests.throwaway_feature.models import Note


@bp.route("/notes/<slug>/")
def note(slug: str):
    record = db.session.scalar(
        select(Note).where(Note.slug == slug, Note.status == Status.PUBLISHED)
    )
    if record is None:
        abort(404)
    depends_on("note", record.id)
    return render_template("throwaway/note.html", note=record)
