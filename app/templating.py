"""Filters and globals every template may use."""

from flask import Flask

from app import i18n
from app.markdown import render_markdown, site_link


def page_locale() -> str:
    return i18n.current_language()


def page_direction() -> str:
    return "rtl" if i18n.is_right_to_left(page_locale()) else "ltr"


def register(app: Flask) -> None:
    app.add_template_filter(lambda text: render_markdown(text, shift_headings=1), "markdown")
    app.add_template_filter(site_link)
    app.add_template_global(page_locale)
    app.add_template_global(page_direction)
    app.add_template_global(i18n.language_links)
    app.add_template_global(i18n.language_name)
    app.add_template_global(i18n.default_language)
