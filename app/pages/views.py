from flask import abort, render_template

from app.export.state import depends_on
from app.pages import bp
from app.pages.services import published_page
from app.translating.services import localise


@bp.route("/pages/<slug>/")
def page(slug: str):
    record = published_page(slug)
    if record is None:
        abort(404)
    depends_on("page", record.id)
    return render_template("pages/page.html", page=localise(record))
