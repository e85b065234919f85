"""The pages' step of a new coalition's first hour: adapt the bundled pages and publish them."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from app.editing.models import Status
from app.features import FirstStep, StepLink
from app.pages.bundled import PLACEHOLDER, bundled_page_ids
from app.pages.models import Page


def bundled_pages_adapted():
    """True once no bundled page is a draft or shows a placeholder (one in the trash was
    put there on purpose)."""
    ids = list(bundled_page_ids().values())
    unfinished = select(Page.id).where(
        Page.id.in_(ids),
        Page.status != Status.TRASHED,
        or_(
            Page.status == Status.DRAFT,
            Page.title.contains(PLACEHOLDER),
            Page.summary.contains(PLACEHOLDER),
            Page.body.contains(PLACEHOLDER),
        ),
    )
    return ~unfinished.exists()


PAGES_STEP = FirstStep(
    "pages",
    _l("Adapt the about, accessibility and privacy pages"),
    bundled_pages_adapted,
    links=(StepLink("editing.index", _l("Pages"), (("record_type", Page.record_type),)),),
    position=50,
    hint=_l("Replace every [FILL IN: …] with your own words, then publish each page."),
)
