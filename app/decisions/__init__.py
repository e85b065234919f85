"""The register of decisions and actions at /decisions/."""

from flask import Blueprint

from app.export.registry import register_parents, register_public_urls

bp = Blueprint("decisions", __name__)


def register_urls():
    """The register, and its pre-rendered views by year and by decision status."""
    from app.decisions import services

    yield "decisions.index", {}
    for year in services.filter_options().years:
        yield "decisions.year", {"year": year}
    for state in sorted(services.states_in_use()):
        yield "decisions.status", {"state": services.state_slug(state)}


@bp.record_once
def declare_public_urls(state) -> None:
    from app.decisions import services
    from app.decisions.models import Action, Decision

    register_public_urls(
        state.app,
        register_urls,
        endpoints=["decisions.index", "decisions.year", "decisions.status"],
    )
    # A meeting's page shows its decisions, each with its actions.
    register_parents(state.app, Decision.record_type, services.meetings_of_decisions)
    register_parents(state.app, Action.record_type, services.decisions_of_actions)


from app.decisions import views  # noqa: E402, F401
