from flask import abort, render_template, url_for
from flask_babel import lazy_gettext as _l

from app.editing.registry import EditableKind
from app.export.state import depends_on
from app.pages import bp
from app.pages.forms import PageForm
from app.pages.models import Page
from app.pages.services import published_page
from app.translating.services import localise


@bp.route("/pages/<slug>/")
def page(slug: str):
    record = published_page(slug)
    if record is None:
        abort(404)
    depends_on("page", record.id)
    return render_template("pages/page.html", page=localise(record))


PAGE_KIND = EditableKind(
    record_type="page",
    model=Page,
    form=PageForm,
    label=_l("page"),
    plural=_l("Pages"),
    public_url=lambda record: url_for("pages.page", slug=record.slug),
)
