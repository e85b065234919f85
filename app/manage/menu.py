"""The /manage sub-navigation: every editable kind, plus pages features add."""

from flask import Flask, current_app

from app.editing.registry import all_kinds


def add_manage_link(app: Flask, endpoint: str, label) -> None:
    """Add a /manage page that is not a list of editable records (an import form...)."""
    app.extensions.setdefault("manage_links", []).append((endpoint, label))


def register(app: Flask) -> None:
    app.add_template_global(lambda: list(all_kinds().values()), "manage_kinds")
    app.add_template_global(lambda: current_app.extensions.get("manage_links", []), "manage_links")
