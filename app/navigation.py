"""The site's main navigation, built from the parts this installation has."""

from flask import current_app, request, url_for
from flask_babel import lazy_gettext as _l

from app.export.state import shared_by_run
from app.i18n import current_language

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
    return [
        {"url": url, "label": label, "current": request.blueprint == endpoint.partition(".")[0]}
        for endpoint, label, url in _parts()
    ]


def _parts() -> list[tuple[str, str, str]]:
    """(endpoint, label, URL) of each part this installation has, in the page's language.

    The same on every page of a language: the export builds them once per run rather than
    on each of its pages (seven URLs, a twentieth of a partner's page).
    """
    return shared_by_run(
        f"navigation.parts:{current_language()}",
        lambda: [
            (endpoint, label, url_for(endpoint))
            for endpoint, label in MAIN_NAVIGATION
            if endpoint in current_app.view_functions
        ],
    )


def register(app) -> None:
    app.context_processor(lambda: {"main_navigation": main_navigation})
