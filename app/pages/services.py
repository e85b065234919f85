from sqlalchemy import func, select

from app.editing.models import Status
from app.extensions import db
from app.pages.models import Page


def slug_taken(slug: str, except_id: int | None = None) -> bool:
    query = select(Page.id).where(Page.slug == slug)
    if except_id is not None:
        query = query.where(Page.id != except_id)
    return db.session.scalar(query) is not None


def published_page(slug: str) -> Page | None:
    return db.session.scalar(select(Page).where(Page.slug == slug, Page.status == Status.PUBLISHED))


def published_pages() -> list[Page]:
    return list(
        db.session.scalars(select(Page).where(Page.status == Status.PUBLISHED).order_by(Page.title))
    )


def published_page_count() -> int:
    return db.session.scalar(
        select(func.count()).select_from(Page).where(Page.status == Status.PUBLISHED)
    )
