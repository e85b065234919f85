"""Readable differences between two snapshots, word by word, for the history pages."""

import difflib
import json
import re
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

_TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass
class FieldDiff:
    name: str
    changed: bool
    html: Markup  # the new text with <del> and <ins> marking what changed
    # A Markdown field's two texts, which the page also shows rendered side by side
    # (through the sanitising Markdown pipeline, as the public page would); else None.
    rendered: tuple[str, str] | None = None


def as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def diff_text(old: str, new: str) -> Markup:
    """``new`` with removed words in <del> and added words in <ins>, all escaped."""
    before, after = _TOKENS.findall(old), _TOKENS.findall(new)
    out = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out.append(escape("".join(before[a1:a2])))
            continue
        if a2 > a1:
            out.append(Markup("<del>%s</del>") % "".join(before[a1:a2]))
        if b2 > b1:
            out.append(Markup("<ins>%s</ins>") % "".join(after[b1:b2]))
    return Markup("").join(out)


def diff_snapshots(
    old: dict, new: dict, fields: list[str], markdown_fields: frozenset[str] = frozenset()
) -> list[FieldDiff]:
    """One entry per field, in ``fields`` order; those in ``markdown_fields`` carry their
    two texts to be shown rendered."""
    diffs = []
    for name in fields:
        before, after = as_text(old.get(name)), as_text(new.get(name))
        rendered = (before, after) if name in markdown_fields else None
        diffs.append(FieldDiff(name, before != after, diff_text(before, after), rendered))
    return diffs
