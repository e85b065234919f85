"""What makes guideline content complete and consistent.

``field_problems`` judges one page's fields (the content folder and the /manage form use
it alike, so its messages are in the coordinator's language); ``check_content`` judges a
whole set of pages: unique slugs and numbers, steps and modules that agree, tasks that
match their headings, and internal links that land.
"""

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from flask_babel import gettext as _

from app.guideline.content import Content, ContentPage
from app.guideline.models import PageKind
from app.guideline.rendering import (
    CASES_PATH,
    PROGRESS_PATH,
    RESERVED_SLUGS,
    ROOT,
    SECTION_PATHS,
    anchors_in,
    links_in,
    page_html,
    page_path,
    section_html,
)

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TASK_NUMBER = re.compile(r"^(\d+)\.(\d+)$")
TASK_HEADING = re.compile(r"^##\s+Task\s+(\d+\.\d+)\s*:\s*(.+?)\s*#*\s*$", re.MULTILINE)
# Which fields each kind must fill in (beyond title, summary and sources).
REQUIRED = {
    PageKind.OVERVIEW: (),
    PageKind.MODULE: ("letter", "slug", "steps"),
    PageKind.STEP: ("number", "slug", "module", "tasks"),
    PageKind.SUCCESS_FACTOR: ("number", "slug"),
    PageKind.GOVERNANCE: ("number", "slug"),
    PageKind.CASE: ("slug", "steps"),
}


def task_key(number: str) -> tuple[int, int]:
    match = TASK_NUMBER.match(number)
    return (int(match.group(1)), int(match.group(2))) if match else (0, 0)


def body_tasks(body: str) -> list[tuple[str, str]]:
    """The ``## Task 4.2: title`` headings of a step's body, in order."""
    return TASK_HEADING.findall(body or "")


def field_problems(values: dict, sources: Iterable[str]) -> dict[str, str]:
    """Problems with one page's fields: field name -> message."""
    kind = PageKind(values["kind"])
    problems: dict[str, str] = {}
    for name in ("title", "summary"):
        if not (values.get(name) or "").strip():
            problems[name] = _("Required.")
    if "\n" in (values.get("summary") or ""):
        problems["summary"] = _("One sentence on one line.")
    for name in REQUIRED[kind]:
        if values.get(name) in (None, "", []):
            problems[name] = _("Required for a page of this kind.")
    slug = values.get("slug") or ""
    if slug and not SLUG.match(slug):
        problems["slug"] = _("Use lowercase letters, digits and single hyphens.")
    elif kind is PageKind.MODULE and slug in RESERVED_SLUGS:
        problems["slug"] = _(
            "“%(slug)s” is the address of another part of the guideline.", slug=slug
        )
    letter = values.get("letter") or ""
    if letter and not re.fullmatch(r"[A-Z]", letter):
        problems["letter"] = _("One capital letter, such as B.")
    number = values.get("number")
    if number is not None and number < 1:
        problems["number"] = _("A number from 1 up.")
    known = set(sources)
    unknown = [key for key in values.get("sources") or [] if key not in known]
    if unknown:
        problems["sources"] = _(
            "Not in %(file)s: %(keys)s.", file="sources.yml", keys=", ".join(unknown)
        )
    elif not values.get("sources"):
        problems["sources"] = _("Name at least one source from %(file)s.", file="sources.yml")
    if kind is PageKind.STEP and "tasks" not in problems:
        message = _task_problem(values)
        if message:
            problems["tasks"] = message
    return problems


def _task_problem(values: dict) -> str | None:
    numbers = [str(task.get("number", "")) for task in values.get("tasks") or []]
    step = values.get("number")
    for number in numbers:
        if not TASK_NUMBER.match(number) or (step and task_key(number)[0] != step):
            return _(
                "Task %(number)s does not belong to step %(step)s: use %(first)s, %(second)s…",
                number=number,
                step=step,
                first=f"{step}.1",
                second=f"{step}.2",
            )
    keys = [task_key(number) for number in numbers]
    if keys != sorted(set(keys)):
        return _("List each task once, in order.")
    listed = [(str(t["number"]), t["title"]) for t in values.get("tasks") or []]
    headings = body_tasks(values.get("body") or "")
    if listed != headings:
        expected = "; ".join(f"## Task {n}: {t}" for n, t in listed)
        # The headings are the words the reader looks for: "## Task 4.2:" is never translated.
        return _(
            "The text's task headings must match this list, in order: %(headings)s.",
            headings=expected,
        )
    return None


def site_map(pages: list[ContentPage]) -> dict[str, set[str]]:
    """Every path of the reader the pages produce, with the anchors each path has."""
    paths: dict[str, set[str]] = defaultdict(set)
    paths[ROOT], paths[CASES_PATH], paths[PROGRESS_PATH] = set(), set(), set()
    for path in SECTION_PATHS.values():
        paths[path] = set()
    for page in pages:
        values = page.values
        path = page_path(values)
        if page.kind in SECTION_PATHS:
            section, _hash, slug = path.partition("#")
            paths[section] |= {slug} | anchors_in(section_html(slug, values["body"]))
        else:
            paths[path] |= anchors_in(page_html(values["body"]))
    return paths


def link_problems(page: ContentPage, paths: dict[str, set[str]]) -> list[str]:
    own_path, _hash, _slug = page_path(page.values).partition("#")
    values = page.values
    if page.kind in SECTION_PATHS:
        html = section_html(values["slug"], values["body"])
    else:
        html = page_html(values["body"])
    problems = []
    for href in links_in(html):
        if not (href.startswith(ROOT) or href.startswith("#") or href == ROOT.rstrip("/")):
            continue
        path, _hash, anchor = href.partition("#")
        path = path or own_path
        if path not in paths:
            problems.append(f"link to {href}: no such page")
        elif anchor and anchor not in paths[path]:
            problems.append(f"link to {href}: no #{anchor} on {path}")
    return problems


def check_content(content: Content) -> list[str]:
    """Every problem in a content set, one line each; an empty list means it is sound."""
    problems = list(content.problems)
    for page in content.pages:
        for name, message in field_problems(page.values, content.sources).items():
            problems.append(f"{page.path}: {name}: {message}")
    problems += _set_problems(content)
    paths = site_map(content.pages)
    for page in content.pages:
        problems += [f"{page.path}: {problem}" for problem in link_problems(page, paths)]
    return problems


def _duplicates(pages: list[ContentPage], name: str) -> list[str]:
    counts = Counter(page.values.get(name) for page in pages)
    return [
        f"{page.path}: {name} {page.values.get(name)!r} is used by another page"
        for page in pages
        if counts[page.values.get(name)] > 1
    ]


def _set_problems(content: Content) -> list[str]:
    problems = []
    overviews = content.of_kind(PageKind.OVERVIEW)
    if len(overviews) != 1:
        problems.append(f"guideline/overview.md: expected one overview, found {len(overviews)}")
    modules = content.of_kind(PageKind.MODULE)
    steps = content.of_kind(PageKind.STEP)
    for kind in set(PageKind) - {PageKind.OVERVIEW}:
        problems += _duplicates(content.of_kind(kind), "slug")
    problems += _duplicates(modules, "letter")
    for kind in (PageKind.STEP, PageKind.SUCCESS_FACTOR, PageKind.GOVERNANCE):
        problems += _duplicates(content.of_kind(kind), "number")

    step_numbers = {page.values["number"] for page in steps}
    module_slugs = {page.values["slug"]: page for page in modules}
    for step in steps:
        if step.values["module"] not in module_slugs:
            problems.append(f"{step.path}: module '{step.values['module']}' does not exist")
    for module in modules:
        slug = module.values["slug"]
        own = sorted(s.values["number"] for s in steps if s.values["module"] == slug)
        if sorted(module.values["steps"]) != own:
            problems.append(
                f"{module.path}: steps {module.values['steps']} but the steps that name this "
                f"module are {own}"
            )
    for page in content.of_kind(PageKind.SUCCESS_FACTOR) + content.of_kind(PageKind.CASE):
        missing = [n for n in page.values["steps"] if n not in step_numbers]
        if missing:
            problems.append(f"{page.path}: steps {missing} do not exist")
    return problems
