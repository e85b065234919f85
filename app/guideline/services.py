"""The published guideline as the reader walks it: modules, steps, sections, cases."""

from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app, g
from sqlalchemy import func, select
from sqlalchemy.orm import aliased, defer

from app.editing.models import Status
from app.export.state import depends_on
from app.extensions import db
from app.guideline.content import read_sources
from app.guideline.models import GuidelinePage, PageKind
from app.translating.services import localise_all


@dataclass
class Guide:
    """Every published page, without bodies (a page loads its own body when shown)."""

    overview: GuidelinePage | None = None
    modules: list[GuidelinePage] = field(default_factory=list)
    steps: list[GuidelinePage] = field(default_factory=list)
    factors: list[GuidelinePage] = field(default_factory=list)
    challenges: list[GuidelinePage] = field(default_factory=list)
    cases: list[GuidelinePage] = field(default_factory=list)

    def module(self, slug: str) -> GuidelinePage | None:
        return next((m for m in self.modules if m.slug == slug), None)

    def module_of(self, step: GuidelinePage) -> GuidelinePage | None:
        return self.module(step.module)

    def steps_of(self, module: GuidelinePage) -> list[GuidelinePage]:
        return [step for step in self.steps if step.module == module.slug]

    def step(self, module_slug: str, slug: str) -> GuidelinePage | None:
        return next((s for s in self.steps if s.module == module_slug and s.slug == slug), None)

    def step_numbered(self, number: int) -> GuidelinePage | None:
        return next((s for s in self.steps if s.number == number), None)

    def neighbours(self, page: GuidelinePage) -> tuple[GuidelinePage | None, ...]:
        """The previous and next page of the same kind (steps in order, modules in order)."""
        pages = self.steps if page.kind is PageKind.STEP else self.modules
        index = next(i for i, p in enumerate(pages) if p.id == page.id)
        before = pages[index - 1] if index > 0 else None
        after = pages[index + 1] if index + 1 < len(pages) else None
        return before, after

    def cases_for(self, number: int) -> list[GuidelinePage]:
        return [case for case in self.cases if number in (case.steps or [])]

    def factors_for(self, number: int) -> list[GuidelinePage]:
        return [factor for factor in self.factors if number in (factor.steps or [])]

    def steps_numbered(self, numbers) -> list[GuidelinePage]:
        wanted = set(numbers or [])
        return [step for step in self.steps if step.number in wanted]

    def case(self, slug: str) -> GuidelinePage | None:
        return next((c for c in self.cases if c.slug == slug), None)

    def all_tasks(self) -> list[tuple[GuidelinePage, dict]]:
        return [(step, task) for step in self.steps for task in step.tasks or []]


def load_guide() -> Guide:
    """The published guideline, read once per request.

    Every reader page shows the guideline's structure (the cycle of modules, a step's
    neighbours, its cases and success factors), so a page that loads it depends on every
    guideline page: an edit of one re-renders the guideline's few dozen pages in the export.
    """
    depends_on(GuidelinePage.record_type)
    if "guide" not in g:
        pages = db.session.scalars(
            select(GuidelinePage)
            .where(GuidelinePage.status == Status.PUBLISHED)
            .options(defer(GuidelinePage.body))
        ).all()
        # In another language, each page as its published translation has it.
        pages = localise_all(pages)
        guide = Guide()
        for page in pages:
            if page.kind is PageKind.OVERVIEW:
                guide.overview = page
        by_kind = {kind: [p for p in pages if p.kind is kind] for kind in PageKind}
        guide.modules = sorted(by_kind[PageKind.MODULE], key=lambda p: (p.letter, p.title))
        guide.steps = sorted(by_kind[PageKind.STEP], key=lambda p: (p.number or 0, p.title))
        guide.factors = sorted(
            by_kind[PageKind.SUCCESS_FACTOR], key=lambda p: (p.number or 0, p.title)
        )
        guide.challenges = sorted(
            by_kind[PageKind.GOVERNANCE], key=lambda p: (p.number or 0, p.title)
        )
        guide.cases = sorted(by_kind[PageKind.CASE], key=lambda p: p.title.lower())
        g.guide = guide
    return g.guide


def published_count(kind: PageKind) -> int:
    """How many published pages of ``kind`` the reader shows; a step shows only while its
    module is published too."""
    query = (
        select(func.count())
        .select_from(GuidelinePage)
        .where(GuidelinePage.kind == kind, GuidelinePage.status == Status.PUBLISHED)
    )
    if kind is PageKind.STEP:
        module = aliased(GuidelinePage)
        query = query.where(
            GuidelinePage.module.in_(
                select(module.slug).where(
                    module.kind == PageKind.MODULE, module.status == Status.PUBLISHED
                )
            )
        )
    return db.session.scalar(query)


def source_works() -> dict[str, dict]:
    """The works named in ``sources.yml`` of the content folder, for credit lines."""
    cache = current_app.extensions.setdefault("guideline_sources", {})
    folder = Path(current_app.config["CONTENT_FOLDER"])
    path = folder / "sources.yml"
    stamp = path.stat().st_mtime if path.exists() else None
    if cache.get("stamp") != stamp or "works" not in cache:
        cache.update(stamp=stamp, works=read_sources(folder))
    return cache["works"]


def credits_for(page: GuidelinePage) -> list[dict]:
    works = source_works()
    return [works[key] for key in page.sources or [] if key in works]


def slug_taken(kind: str, slug: str, except_id: int | None) -> bool:
    """True if another page of this kind, even one in the trash, has this slug."""
    query = select(GuidelinePage.id).where(
        GuidelinePage.kind == PageKind(kind),
        GuidelinePage.slug == slug,
    )
    if except_id is not None:
        query = query.where(GuidelinePage.id != except_id)
    return db.session.scalar(query) is not None


def number_taken(kind: str, number: int, except_id: int | None) -> bool:
    query = select(GuidelinePage.id).where(
        GuidelinePage.kind == PageKind(kind),
        GuidelinePage.number == number,
        GuidelinePage.status != Status.TRASHED,
    )
    if except_id is not None:
        query = query.where(GuidelinePage.id != except_id)
    return db.session.scalar(query) is not None
