"""Where a page's footer sends a reader who wants digests.

Live public pages carry the small subscribe form (not the coordinators' area: /login and
/manage are for work, not reading). The static copy cannot take a subscription:
its pages link to the live site's /subscribe/ instead, when the live site has an address
of its own (SITE_URL) other than the copy's, and say nothing when it has none.
"""

from flask import current_app, request, url_for

from app.areas import COORDINATORS_AREA
from app.export.state import export_base_url, is_exporting


def shows_subscribe_form() -> bool:
    """For templates: does this page's footer carry the subscribe form?"""
    if is_exporting():
        return False
    path = request.path
    return not any(path == area or path.startswith(area + "/") for area in COORDINATORS_AREA)


def subscribe_link() -> str | None:
    """For templates: the live /subscribe/ in the page's language, for an exported page
    when the live site is elsewhere; None on live pages and when it is not."""
    site = current_app.config["SITE_URL"]
    if not is_exporting() or not site:
        return None
    if export_base_url().rstrip("/").lower() == site.lower():
        return None  # the copy is served at the live address: no live site to send to
    path = url_for("subscriptions.subscribe")[len(request.script_root) :]
    return site + path
