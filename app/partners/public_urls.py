"""The directory's pages in the static export: the list, every partner and every facet."""

import math

from sqlalchemy import func, select

ENDPOINTS = [
    "partners.index",
    "partners.index_page",
    "partners.apply",
    "partners.application_sent",
    "partners.partner",
    "partners.group",
    "partners.country",
    "partners.sdg",
]


def directory_urls():
    from app.partners.facets import page_count
    from app.partners.services import PER_PAGE, browse_links, published_slugs

    yield "partners.index", {}
    # The static copy cannot search, so the directory's pages list everyone between them.
    slugs = published_slugs()
    for page in range(2, math.ceil(len(slugs) / PER_PAGE) + 1):
        yield "partners.index_page", {"page": page}
    # The form cannot be sent from a static copy; its page says so and links to the live site.
    yield "partners.apply", {}
    yield "partners.application_sent", {}
    # Slugs alone: loading every whole record here took most of each export's listing.
    for slug in slugs:
        yield "partners.partner", {"slug": slug}
    links = browse_links()
    for endpoint, facet, name in (
        ("partners.group", "group", "group"),
        ("partners.country", "country", "iso"),
        ("partners.sdg", "sdg", "goal"),
    ):
        for value, _label, count in links[facet]:
            for page in range(1, page_count(count) + 1):
                yield endpoint, {name: int(value) if facet == "sdg" else value, "page": page}


def published_organisation_count() -> int:
    from app.extensions import db
    from app.partners.models import Partner
    from app.partners.services import published

    return db.session.scalar(select(func.count(Partner.id)).where(published())) or 0
