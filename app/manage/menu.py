"""The /manage sub-navigation: every editable kind, plus the pages features link to."""

from flask import Flask

from app.editing.registry import all_kinds
from app.features import manage_links


def init_app(app: Flask) -> None:
    app.add_template_global(lambda: list(all_kinds().values()), "manage_kinds")
    app.add_template_global(
        lambda: [(link.endpoint, link.label) for link in manage_links()], "manage_links"
    )
