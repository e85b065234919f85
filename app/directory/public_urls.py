"""The directory's pages in the static export: the list, every partner and every facet."""

from flask import Flask
from sqlalchemy import func, select

from app.export.registry import register_count_check, register_public_urls

ENDPOINTS = [
    "directory.index",
    "directory.apply",
    "directory.application_sent",
    "directory.organisation",
    "directory.group",
    "directory.country",
    "directory.sdg",
]


def directory_urls():
    from app.directory.facets import page_count
    from app.directory.services import browse_links, published_slugs

    yield "directory.index", {}
    # The form cannot be sent from a static copy; its page says so and links to the live site.
    yield "directory.apply", {}
    yield "directory.application_sent", {}
    # Slugs alone: loading every whole record here took most of each export's listing.
    for slug in published_slugs():
        yield "directory.organisation", {"slug": slug}
    links = browse_links()
    for endpoint, facet, name in (
        ("directory.group", "group", "group"),
        ("directory.country", "country", "iso"),
        ("directory.sdg", "sdg", "goal"),
    ):
        for value, _label, count in links[facet]:
            for page in range(1, page_count(count) + 1):
                yield endpoint, {name: int(value) if facet == "sdg" else value, "page": page}


def published_organisation_count() -> int:
    from app.directory.models import Organisation
    from app.directory.services import published
    from app.extensions import db

    return db.session.scalar(select(func.count(Organisation.id)).where(published())) or 0


def register(app: Flask) -> None:
    register_public_urls(app, directory_urls, endpoints=ENDPOINTS)
    register_count_check(
        app,
        "published partners",
        endpoint="directory.organisation",
        expected=published_organisation_count,
    )
