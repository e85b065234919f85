"""The guideline: the bundled content, its reader under /guidelines/ and the self-assessment."""

from flask import Blueprint, Flask

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


def init_app(app: Flask) -> None:
    from flask_babel import lazy_gettext as _l

    from app.export.registry import CountCheck
    from app.features import Feature, Link, PublicUrls, SearchSource, register_feature
    from app.guideline import (
        manage_views,
        views,  # noqa: F401
    )
    from app.guideline.kinds import GUIDELINE_KIND
    from app.guideline.models import PageKind
    from app.guideline.search import guideline_entries
    from app.guideline.services import published_count

    register_feature(
        app,
        Feature(
            "guideline",
            bp,
            manage_blueprint=manage_views.bp,
            kinds=(GUIDELINE_KIND,),
            public_urls=(PublicUrls(guideline_urls, endpoints=tuple(READER_ENDPOINTS)),),
            count_checks=tuple(
                CountCheck(
                    f"published guideline pages ({kind.value})",
                    endpoint,
                    lambda kind=kind: published_count(kind),
                )
                for kind, endpoint in (
                    (PageKind.MODULE, "guideline.module"),
                    (PageKind.STEP, "guideline.step"),
                    (PageKind.CASE, "guideline.case"),
                )
            ),
            # Listed in the A–Z index without shown_as: the reader's pages depend on
            # every guideline page already (load_guide).
            search=(SearchSource("guideline", _l("Guideline"), guideline_entries),),
            navigation=Link("guideline.overview", _l("Guidelines")),
            manage_links=(Link("guideline.manage.edit_progress", _l("Where we are")),),
            public_actions=frozenset({"progress"}),
        ),
    )
