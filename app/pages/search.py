"""Plain pages in site search and the A–Z index."""

from collections.abc import Iterable

from flask import url_for
from sqlalchemy import select

from app.editing.models import Status
from app.pages.models import Page
from app.search.sources import Entry, containing, records, results_depend_on
from app.search.text import plain_text


def page_entries(terms: list[str] | None, text: str) -> Iterable[Entry]:
    results_depend_on(terms, Page.record_type)
    pages = records(
        select(Page).where(
            Page.status == Status.PUBLISHED, containing(terms, Page.title, Page.summary, Page.body)
        ),
        terms,
    )
    for page in pages:
        yield Entry(
            "page",
            page.title,
            url_for("pages.page", slug=page.slug),
            plain_text(page.summary, page.body),
        )
