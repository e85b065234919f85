from flask import abort, request

from app.decisions import bp, services
from app.decisions.forms import ACTION_STATES, DECISION_STATES
from app.htmx import render_page
from app.transparency.dates import local_today
from app.transparency.history import public_changes_of


@bp.route("/decisions/")
def index():
    """The register; the filter form asks for the register fragment alone through htmx."""
    return render_register(services.RegisterFilters.from_args(request.args))


@bp.route("/decisions/year/<int:year>/")
def year(year: int):
    """The decisions of one year's meetings, at an address of its own (for the export)."""
    options = services.filter_options()
    if year not in options.years:
        abort(404)
    return render_register(services.RegisterFilters(year=year), options, heading=str(year))


@bp.route("/decisions/status/<state>/")
def status(state: str):
    """The decisions that stand at one status, at an address of their own."""
    value = services.STATE_SLUGS.get(state)
    if value is None or value.value not in services.states_in_use():
        abort(404)
    label = dict(DECISION_STATES)[value.value]
    return render_register(services.RegisterFilters(state=value.value), heading=str(label))


def render_register(filters, options=None, heading: str = ""):
    options = options or services.filter_options()
    today = local_today()
    register = services.localise_register(services.search_register(filters, today))
    return render_page(
        "decisions/index.html",
        "decisions/_register.html",
        filters=filters,
        heading=heading,
        register=register,
        options=options,
        facets=services.facets(filters, options),
        decision_states=DECISION_STATES,
        action_states=ACTION_STATES,
        today=today,
        changes=public_changes_of(register.decisions),
    )
