"""Three-way merge of two edits made from the same base revision.

Text fields merge line by line (as version control does), so two editors who changed
different paragraphs both keep their change; any other field merges only when at most one
side changed it.
"""

from dataclasses import dataclass, field
from typing import Any

from merge3 import Merge3


@dataclass
class MergeResult:
    values: dict[str, Any]
    conflicts: list[str] = field(default_factory=list)

    @property
    def is_clean(self) -> bool:
        return not self.conflicts


def merge_text(base: str, mine: str, theirs: str) -> str | None:
    """The merged text, or None when both sides changed the same lines."""
    base_lines, mine_lines, their_lines = (
        (text or "").splitlines(keepends=True) for text in (base, mine, theirs)
    )
    merged = []
    for group in Merge3(base_lines, mine_lines, their_lines).merge_groups():
        if group[0] == "conflict":
            return None
        merged.extend(group[1])
    return "".join(merged)


def merge_values(base: dict, mine: dict, theirs: dict) -> MergeResult:
    """Merge ``mine`` and ``theirs``, both edits of ``base``."""
    result = MergeResult(values={})
    for name in mine.keys() | theirs.keys():
        old, new, other = base.get(name), mine.get(name), theirs.get(name)
        if new in (other, old):
            result.values[name] = other
        elif other == old:
            result.values[name] = new
        elif all(isinstance(value, str) for value in (old, new, other)):
            merged = merge_text(old, new, other)
            if merged is None:
                result.conflicts.append(name)
                result.values[name] = new
            else:
                result.values[name] = merged
        else:
            result.conflicts.append(name)
            result.values[name] = new
    return result
