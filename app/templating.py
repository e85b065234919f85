"""Filters and globals every template may use."""

from flask import Flask, request
from flask_babel import get_locale

from app.markdown import render_markdown

RIGHT_TO_LEFT = {"ar", "fa", "he", "ur"}


def page_locale() -> str:
    return str(get_locale() or "en")


def page_direction() -> str:
    return "rtl" if page_locale().split("_")[0] in RIGHT_TO_LEFT else "ltr"


def site_link(url: str) -> str:
    """A link an editor typed as a path on this site ("/reports/annual-2025/"), with the
    site's own path in front, so it leads to the page when the site is served below a
    path (``https://example.org/partnership/``), live and in the static export alike."""
    if url.startswith("/") and not url.startswith("//"):
        return request.script_root + url
    return url


def register(app: Flask) -> None:
    app.add_template_filter(lambda text: render_markdown(text, shift_headings=1), "markdown")
    app.add_template_filter(site_link)
    app.add_template_global(page_locale)
    app.add_template_global(page_direction)
