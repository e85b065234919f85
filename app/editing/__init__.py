"""Editing: drafts, revisions, conflicts, history, publishing and trash for every record kind.

Features declare their editable kinds (``app.features.Feature.kinds``); this blueprint then
serves their /manage pages.
"""

from flask import Blueprint, Flask

from app.areas import MANAGE_PREFIX

bp = Blueprint("editing", __name__, url_prefix=MANAGE_PREFIX)


def init_app(app: Flask) -> None:
    """The /manage pages of every kind, and the template helpers that link to them."""
    from app.editing import (  # noqa: F401
        address_views,
        attachment_views,
        new_views,
        sharing_views,
        views,
    )
    from app.editing.registry import edit_url_for, may_edit
    from app.editing.resume import stamp_form
    from app.features import Feature, register_feature

    register_feature(
        app,
        Feature(
            "editing",
            bp,
            public_actions=frozenset({"publish", "unpublish", "trash", "untrash", "purge"}),
            template_globals=(may_edit, edit_url_for),
        ),
    )
    app.add_template_global(stamp_form, "resume_stamp")
