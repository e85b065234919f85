"""Filters and globals every template may use."""

from flask import Flask
from flask_babel import get_locale

from app.markdown import render_markdown, site_link

RIGHT_TO_LEFT = {"ar", "fa", "he", "ur"}


def page_locale() -> str:
    return str(get_locale() or "en")


def page_direction() -> str:
    return "rtl" if page_locale().split("_")[0] in RIGHT_TO_LEFT else "ltr"


def register(app: Flask) -> None:
    app.add_template_filter(lambda text: render_markdown(text, shift_headings=1), "markdown")
    app.add_template_filter(site_link)
    app.add_template_global(page_locale)
    app.add_template_global(page_direction)
