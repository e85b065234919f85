"""Editing: drafts, revisions, conflicts, history, publishing and trash for every record kind.

Features register their editable kinds (``registry.register_kind``); this blueprint then
serves their /manage pages.
"""

from flask import Blueprint

bp = Blueprint("editing", __name__, url_prefix="/manage")

from app.editing import attachment_views, views  # noqa: E402, F401
