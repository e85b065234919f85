"""The reader: the guideline under /guidelines/, as DESIGN.md lays out its addresses."""

from flask import abort, render_template
from flask_babel import gettext as _

from app.guideline import bp
from app.guideline.models import ProgressStatus
from app.guideline.progress import STATUS_LABELS, assessment
from app.guideline.rendering import cycle_drawing, page_html, reading_minutes, section_html
from app.guideline.services import credits_for, load_guide


@bp.context_processor
def reader_helpers():
    return {
        "credits_for": credits_for,
        "page_html": page_html,
        "section_html": section_html,
        "reading_minutes": reading_minutes,
        "status_labels": STATUS_LABELS,
        "progress_status": ProgressStatus,
        "cycle_drawing": cycle_drawing,
    }


@bp.route("/guidelines/")
def overview():
    guide = load_guide()
    return render_template(
        "guideline/overview.html", guide=guide, page=guide.overview, progress=assessment(guide)
    )


@bp.route("/guidelines/success-factors/")
def success_factors():
    guide = load_guide()
    return render_sections(
        guide,
        guide.factors,
        title=_("Key success factors"),
        intro=_("What tends to make a partnership work, with the steps where each matters most."),
        related_label=_("Matters most in:"),
    )


@bp.route("/guidelines/governance/")
def governance():
    guide = load_guide()
    return render_sections(
        guide,
        guide.challenges,
        title=_("Governance challenges"),
        intro=_("Five questions every partnership has to settle, and practices that have worked."),
        related_label=_("See the steps:"),
    )


def render_sections(guide, sections, **text):
    if not sections:
        abort(404)
    works = {}
    for section in sections:
        works.update((work["title"], work) for work in credits_for(section))
    return render_template(
        "guideline/sections.html", guide=guide, sections=sections, works=list(works.values()),
        **text,
    )  # fmt: skip


@bp.route("/guidelines/where-we-are/")
def where_we_are():
    guide = load_guide()
    return render_template("guideline/where_we_are.html", guide=guide, progress=assessment(guide))


@bp.route("/guidelines/cases/")
def cases():
    return render_template("guideline/cases.html", guide=load_guide())


@bp.route("/guidelines/cases/<slug>/")
def case(slug: str):
    guide = load_guide()
    page = guide.case(slug) or abort(404)
    return render_template("guideline/case.html", guide=guide, page=page)


@bp.route("/guidelines/<module_slug>/")
def module(module_slug: str):
    guide = load_guide()
    page = guide.module(module_slug) or abort(404)
    return render_template("guideline/module.html", guide=guide, page=page)


@bp.route("/guidelines/<module_slug>/<step_slug>/")
def step(module_slug: str, step_slug: str):
    guide = load_guide()
    module_page = guide.module(module_slug) or abort(404)
    page = guide.step(module_slug, step_slug) or abort(404)
    return render_template("guideline/step.html", guide=guide, page=page, module=module_page)
