from flask import render_template

from app.funding import bp, services
from app.funding.chart import share_chart
from app.funding.forms import FUNDING_TYPES
from app.transparency.history import public_changes_of


@bp.route("/funding/")
def index():
    sources = services.published_sources()
    overview = services.overview(sources)
    return render_template(
        "funding/index.html",
        overview=overview,
        charts={total.currency: share_chart(total.shares) for total in overview.overall},
        type_labels=dict(FUNDING_TYPES),
        changes=public_changes_of(sources),
    )
