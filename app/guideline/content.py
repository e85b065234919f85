"""The guideline as files: Markdown pages with YAML front matter under ``content/``.

This module reads a content folder into page values (the edit fields of a
``GuidelinePage``) and writes page values back as files, in the layout that
``content/README.md`` describes. Checking lives in ``checks``, the database side in
``importing``.
"""

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from app.guideline.models import PageKind

# The folder of each kind under guideline/ (the overview is guideline/overview.md).
FOLDERS = {
    PageKind.MODULE: "modules",
    PageKind.STEP: "steps",
    PageKind.SUCCESS_FACTOR: "success-factors",
    PageKind.GOVERNANCE: "governance",
    PageKind.CASE: "cases",
}
COMMON_FIELDS = ("title", "summary", "sources")
# Front matter fields of each kind beyond the common ones, in the order files list them.
KIND_FIELDS = {
    PageKind.OVERVIEW: (),
    PageKind.MODULE: ("letter", "slug", "steps"),
    PageKind.STEP: ("number", "slug", "module", "tasks"),
    PageKind.SUCCESS_FACTOR: ("number", "slug", "steps"),
    PageKind.GOVERNANCE: ("number", "slug"),
    PageKind.CASE: ("slug", "box", "steps", "place"),
}
OPTIONAL_FIELDS = {PageKind.CASE: {"box"}}
# Every edit field and its empty value, for the fields a kind does not use.
EMPTY = {
    "title": "", "slug": "", "number": None, "letter": "", "module": "", "summary": "",
    "body": "", "tasks": [], "steps": [], "box": "", "place": "", "sources": [],
}  # fmt: skip


class ContentError(Exception):
    """The content folder has problems; ``problems`` lists them, one line each."""

    def __init__(self, problems: list[str]):
        super().__init__(f"{len(problems)} problem(s) in the content")
        self.problems = problems


@dataclass
class ContentPage:
    path: str  # relative to the content folder, e.g. "guideline/steps/04-planning.md"
    values: dict[str, Any]  # every edit field of a GuidelinePage

    @property
    def kind(self) -> PageKind:
        return self.values["kind"]

    @property
    def key(self) -> str:
        """What identifies the page across imports: its kind and slug."""
        return import_key(self.values)


@dataclass
class Content:
    pages: list[ContentPage] = field(default_factory=list)
    sources: dict[str, dict] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # files that could not be read

    def of_kind(self, kind: PageKind) -> list[ContentPage]:
        return [page for page in self.pages if page.kind is kind]


def import_key(values: dict) -> str:
    return f"{PageKind(values['kind']).value}/{values.get('slug') or ''}"


def content_hash(values: dict) -> str:
    """A fingerprint of a page's values, independent of how the file was laid out."""
    data = {name: values.get(name, EMPTY.get(name)) for name in ("kind", *EMPTY)}
    data["kind"] = PageKind(data["kind"]).value
    text = json.dumps(data, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def read_sources(folder: Path) -> dict[str, dict]:
    """The works pages credit, from ``sources.yml``: key -> {title, publisher, year?}."""
    path = Path(folder) / "sources.yml"
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(key): dict(value or {}) for key, value in data.items()}


def read_content(folder) -> Content:
    """Every page under ``folder``/guideline, with the problems met while reading."""
    folder = Path(folder)
    content = Content()
    try:
        content.sources = read_sources(folder)
    except yaml.YAMLError as error:
        content.problems.append(f"sources.yml: not valid YAML ({error})")
    root = folder / "guideline"
    if not root.is_dir():
        content.problems.append(f"{root}: no such folder")
        return content
    files = [(PageKind.OVERVIEW, root / "overview.md")]
    for kind, name in FOLDERS.items():
        files += [(kind, path) for path in sorted((root / name).glob("*.md"))]
    for kind, path in files:
        relative = path.relative_to(folder).as_posix()
        if not path.exists():
            content.problems.append(f"{relative}: missing")
            continue
        try:
            post = frontmatter.loads(path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError) as error:
            content.problems.append(f"{relative}: cannot be read ({error})")
            continue
        values, problems = page_values(kind, post.metadata, post.content)
        content.problems += [f"{relative}: {problem}" for problem in problems]
        content.pages.append(ContentPage(relative, values))
    return content


def page_values(kind: PageKind, metadata: dict, body: str) -> tuple[dict, list[str]]:
    """The edit fields of a page from its front matter and body, and what was wrong."""
    problems = []
    allowed = set(COMMON_FIELDS) | set(KIND_FIELDS[kind])
    for name in sorted(set(metadata) - allowed):
        problems.append(f"unexpected field '{name}' for a {kind.value} page")
    for name in sorted(allowed - set(metadata) - OPTIONAL_FIELDS.get(kind, set())):
        problems.append(f"missing field '{name}'")
    values: dict[str, Any] = {"kind": kind, **EMPTY}
    for name in allowed & set(metadata):
        value, problem = _coerce(name, metadata[name])
        if problem:
            problems.append(f"field '{name}': {problem}")
        values[name] = value
    values["body"] = normalise_body(body)
    return values, problems


def normalise_body(text: str | None) -> str:
    lines = (text or "").replace("\r\n", "\n").strip().split("\n")
    return "\n".join(line.rstrip() for line in lines)


def _coerce(name: str, value: Any) -> tuple[Any, str | None]:
    if name in ("title", "summary", "slug", "letter", "module", "box", "place"):
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            return str(value).strip(), None
        return EMPTY[name], "should be text"
    if name == "number":
        if isinstance(value, int) and not isinstance(value, bool):
            return value, None
        return None, "should be a whole number"
    if name == "steps":
        if isinstance(value, list) and all(
            isinstance(n, int) and not isinstance(n, bool) for n in value
        ):
            return list(value), None
        return [], "should be a list of step numbers"
    if name == "sources":
        if isinstance(value, list) and all(isinstance(key, str) for key in value):
            return list(value), None
        return [], "should be a list of keys from sources.yml"
    if name == "tasks":
        tasks = []
        for task in value if isinstance(value, list) else [None]:
            if not isinstance(task, dict) or set(task) != {"number", "title"}:
                return [], 'should be a list of {number: "4.2", title: ...}'
            tasks.append({"number": str(task["number"]), "title": str(task["title"]).strip()})
        return tasks, None
    return value, None


def relative_path(values: dict) -> str:
    """Where a page lives in a content folder, following content/README.md."""
    kind = PageKind(values["kind"])
    slug = values.get("slug") or ""
    number = values.get("number") or 0
    if kind is PageKind.OVERVIEW:
        name = "overview.md"
    elif kind is PageKind.MODULE:
        name = f"{FOLDERS[kind]}/{(values.get('letter') or 'x').lower()}-{slug}.md"
    elif kind in (PageKind.STEP, PageKind.SUCCESS_FACTOR):
        name = f"{FOLDERS[kind]}/{number:02d}-{slug}.md"
    elif kind is PageKind.GOVERNANCE:
        name = f"{FOLDERS[kind]}/{number}-{slug}.md"
    else:
        name = f"{FOLDERS[kind]}/{slug}.md"
    return f"guideline/{name}"


def _yaml(name: str, value: Any) -> str:
    """``name: value`` on one line; lists of plain values in brackets, as the files have."""
    flow = isinstance(value, list)
    text = yaml.safe_dump(
        {name: value}, allow_unicode=True, default_flow_style=flow, width=10_000
    ).strip()
    if flow:
        return text[1:-1]
    if text.startswith(f"{name}: '"):
        # A JSON string is a YAML double-quoted scalar, the quoting content/ uses.
        return f"{name}: {json.dumps(value, ensure_ascii=False)}"
    return text


def dump_page(values: dict) -> str:
    """A page as a Markdown file with front matter; ``page_values`` reads it back equal."""
    kind = PageKind(values["kind"])
    lines = ["---"]
    for name in (*COMMON_FIELDS, *KIND_FIELDS[kind]):
        value = values.get(name, EMPTY[name])
        if name in OPTIONAL_FIELDS.get(kind, set()) and not value:
            continue
        if name == "tasks":
            lines.append("tasks:")
            for task in value:
                lines.append("  - " + _yaml("number", str(task["number"])))
                lines.append("    " + _yaml("title", task["title"]))
            continue
        lines.append(_yaml(name, value))
    lines += ["---", "", values.get("body", "").strip(), ""]
    return "\n".join(lines)
