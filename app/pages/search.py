"""Plain pages in site search and the A–Z index."""

from collections.abc import Iterable

from flask import url_for

from app.pages.models import Page
from app.search.sources import Entry, published_containing, results_depend_on
from app.search.text import plain_text


def page_entries(terms: list[str] | None, text: str) -> Iterable[Entry]:
    results_depend_on(terms, Page.record_type)
    pages = published_containing(Page, terms, Page.title, Page.summary, Page.body)
    for page in pages:
        yield Entry(
            "page",
            page.title,
            url_for("pages.page", slug=page.slug),
            plain_text(page.summary, page.body),
        )
