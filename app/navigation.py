"""The site's main navigation, built from the parts this installation has."""

from flask import current_app, request, url_for
from flask_babel import lazy_gettext as _l

# (endpoint, label) in the order readers see them. A part appears once its blueprint is
# registered, so a feature adds itself to the menu by existing.
MAIN_NAVIGATION = [
    ("guideline.overview", _l("Guidelines")),
    ("directory.index", _l("Partners")),
    ("meetings.index", _l("Meetings")),
    ("decisions.index", _l("Decisions")),
    ("reports.index", _l("Reports")),
    ("funding.index", _l("Funding")),
    ("search.index", _l("Search")),
]


def main_navigation() -> list[dict]:
    """Links for the header, each marked current when the reader is inside that part."""
    links = []
    for endpoint, label in MAIN_NAVIGATION:
        if endpoint not in current_app.view_functions:
            continue
        blueprint = endpoint.partition(".")[0]
        links.append(
            {"url": url_for(endpoint), "label": label, "current": request.blueprint == blueprint}
        )
    return links


def register(app) -> None:
    app.context_processor(lambda: {"main_navigation": main_navigation})
