"""A translation holds text only: how each kind of translatable field is written as text,
and how a translation's text takes the place of the record's own value.

A text field is translated as it is. A list of short texts (a meeting's agenda) is
translated one line per item, and a list of items with titles (a step's tasks) one line
per title: everything else about an item (a task's number, which is also its anchor) stays
the record's own. Being text, a translation's fields are compared, merged and shown in the
history line by line, like any record's.
"""

from typing import Any


def is_list(value: Any) -> bool:
    return isinstance(value, list | tuple)


def as_text(value: Any) -> str:
    """The record's value as the text a translation of it starts from."""
    if value is None:
        return ""
    if is_list(value):
        return "\n".join(_item_text(item) for item in value)
    return str(value)


def _item_text(item: Any) -> str:
    if isinstance(item, dict):
        return str(item.get("title", ""))
    return str(item)


def translated(original: Any, text: str) -> Any:
    """``original`` with ``text`` in place of its words.

    For a list, the lines of ``text`` replace the items in order; an empty or missing line
    keeps the original item, and lines past the last item are ignored: a translation never
    adds or removes an item (a task, an agenda point) that the record does not have.
    """
    if not is_list(original):
        return text
    lines = text.splitlines()
    result = []
    for index, item in enumerate(original):
        line = lines[index].strip() if index < len(lines) else ""
        if not line:
            result.append(item)
        elif isinstance(item, dict):
            result.append({**item, "title": line})
        else:
            result.append(line)
    return result
