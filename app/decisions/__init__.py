"""The register of decisions and actions at /decisions/."""

from flask import Blueprint, Flask

bp = Blueprint("decisions", __name__)


def register_urls():
    """The register, and its pre-rendered views by year and by decision status."""
    from app.decisions import services

    yield "decisions.index", {}
    for year in services.filter_options().years:
        yield "decisions.year", {"year": year}
    for state in sorted(services.states_in_use()):
        yield "decisions.status", {"state": services.state_slug(state)}


def init_app(app: Flask) -> None:
    from flask_babel import lazy_gettext as _l

    from app.decisions import (
        services,
        views,  # noqa: F401
    )
    from app.decisions.feeds import decision_entries as decision_feed
    from app.decisions.forms import state_label
    from app.decisions.kinds import ACTION_KIND, DECISION_KIND
    from app.decisions.models import Action, Decision
    from app.decisions.opendata import (
        ACTION_FIELDS,
        DECISION_FIELDS,
        action_rows,
        decision_rows,
    )  # fmt: skip
    from app.decisions.search import action_entries, decision_entries
    from app.features import (
        Feature,
        FeedSource,
        Link,
        PublicUrls,
        SearchSource,
        register_feature,
    )  # fmt: skip
    from app.opendata.tables import table_dataset

    endpoints = ("decisions.index", "decisions.year", "decisions.status")
    register_feature(
        app,
        Feature(
            "decisions",
            bp,
            kinds=(DECISION_KIND, ACTION_KIND),
            public_urls=(PublicUrls(register_urls, endpoints=endpoints),),
            # A meeting's page shows its decisions, each with its actions.
            parents=(
                (Decision.record_type, services.meetings_of_decisions),
                (Action.record_type, services.decisions_of_actions),
            ),
            search=(
                SearchSource("decision", _l("Decision"), decision_entries, shown_as="decision"),
                # Lines of the register: found by search, left out of the A–Z index.
                SearchSource("action", _l("Action"), action_entries, a_z=False),
            ),
            feeds=(
                FeedSource(
                    "decisions", decision_feed, "decisions.index", _l("decisions and actions")
                ),
            ),  # fmt: skip
            datasets=(
                table_dataset(
                    "decisions",
                    _l("Decisions"),
                    DECISION_FIELDS,
                    decision_rows,
                    ("decision", "meeting", "governance-body"),
                ),
                table_dataset(
                    "actions", _l("Actions"), ACTION_FIELDS, action_rows, ("action", "decision")
                ),
            ),  # fmt: skip
            navigation=Link("decisions.index", _l("Decisions")),
            template_globals=(state_label,),
        ),
    )
