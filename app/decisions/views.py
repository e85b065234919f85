from flask import request

from app.decisions import bp, services
from app.decisions.forms import ACTION_STATES, DECISION_STATES
from app.htmx import render_page
from app.transparency.dates import local_today
from app.transparency.history import public_changes_of


@bp.route("/decisions/")
def index():
    """The register; the filter form asks for the register fragment alone through htmx."""
    filters = services.RegisterFilters.from_args(request.args)
    today = local_today()
    register = services.search_register(filters, today)
    return render_page(
        "decisions/index.html",
        "decisions/_register.html",
        filters=filters,
        register=register,
        options=services.filter_options(),
        decision_states=DECISION_STATES,
        action_states=ACTION_STATES,
        today=today,
        changes=public_changes_of(register.decisions),
    )
