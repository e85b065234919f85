"""The /manage sub-navigation: every editable kind, plus the pages features link to."""

from flask import Flask
from flask_login import current_user

from app.editing.registry import all_kinds
from app.features import manage_links
from app.manage.access import roles_for


def links_for_current_user() -> list[tuple]:
    """The features' /manage links that the signed-in user may open."""
    return [
        (link.endpoint, link.label)
        for link in manage_links()
        if current_user.role in roles_for(link.endpoint)
    ]


def init_app(app: Flask) -> None:
    app.add_template_global(lambda: list(all_kinds().values()), "manage_kinds")
    app.add_template_global(links_for_current_user, "manage_links")
