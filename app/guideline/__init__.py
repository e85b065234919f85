"""The guideline: the bundled content, its reader under /guidelines/ and the self-assessment."""

from flask import Blueprint

from app.export.registry import register_count_check, register_public_urls

bp = Blueprint("guideline", __name__)
# Every page of the reader is public; the self-assessment's form is under /manage.
READER_ENDPOINTS = [
    f"guideline.{name}"
    for name in ("overview", "module", "step", "success_factors", "governance", "cases",
                 "case", "where_we_are")
]  # fmt: skip


def guideline_urls():
    """Every reader page: the overview, the modules, steps and cases, and the pages made of
    several records (success factors, governance), when they have something to show."""
    from app.guideline.services import load_guide

    guide = load_guide()
    yield "guideline.overview", {}
    for module in guide.modules:
        yield "guideline.module", {"module_slug": module.slug}
        for step in guide.steps_of(module):
            yield "guideline.step", {"module_slug": module.slug, "step_slug": step.slug}
    if guide.factors:
        yield "guideline.success_factors", {}
    if guide.challenges:
        yield "guideline.governance", {}
    if guide.cases:
        yield "guideline.cases", {}
    for case in guide.cases:
        yield "guideline.case", {"slug": case.slug}
    yield "guideline.where_we_are", {}


@bp.record_once
def declare_public_urls(state) -> None:
    from app.guideline.models import PageKind
    from app.guideline.services import published_count

    register_public_urls(state.app, guideline_urls, endpoints=READER_ENDPOINTS)
    for kind, endpoint in (
        (PageKind.MODULE, "guideline.module"),
        (PageKind.STEP, "guideline.step"),
        (PageKind.CASE, "guideline.case"),
    ):
        register_count_check(
            state.app,
            f"published guideline pages ({kind.value})",
            endpoint=endpoint,
            expected=lambda kind=kind: published_count(kind),
        )


from app.guideline import manage_views, views  # noqa: E402, F401
