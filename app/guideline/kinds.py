"""Guideline pages as an editable kind of record, and where each is read."""

from flask import url_for
from flask_babel import lazy_gettext as _l

from app.editing.registry import EditableKind
from app.guideline.forms import GuidelinePageForm
from app.guideline.models import GuidelinePage, PageKind


def public_url(record: GuidelinePage) -> str | None:
    kind = record.kind
    if kind is PageKind.OVERVIEW:
        return url_for("guideline.overview")
    if kind is PageKind.MODULE:
        return url_for("guideline.module", module_slug=record.slug)
    if kind is PageKind.STEP:
        return url_for("guideline.step", module_slug=record.module, step_slug=record.slug)
    if kind is PageKind.CASE:
        return url_for("guideline.case", slug=record.slug)
    if kind is PageKind.SUCCESS_FACTOR:
        return url_for("guideline.success_factors", _anchor=record.slug)
    return url_for("guideline.governance", _anchor=record.slug)


GUIDELINE_KIND = EditableKind(
    record_type=GuidelinePage.record_type,
    model=GuidelinePage,
    form=GuidelinePageForm,
    label=_l("guideline page"),
    plural=_l("Guideline"),
    public_url=public_url,
    order_by=("kind", "number", "letter", "title"),
)
