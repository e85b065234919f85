"""The site's main navigation: each feature's ``navigation`` link, in the factory's order."""

from flask import current_app, request, url_for

from app.export.state import shared_by_run
from app.features import navigation_links
from app.i18n import current_language


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
            (link.endpoint, link.label, url_for(link.endpoint))
            for link in navigation_links()
            if link.endpoint in current_app.view_functions
        ],
    )


def init_app(app) -> None:
    app.context_processor(lambda: {"main_navigation": main_navigation})
