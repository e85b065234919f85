"""Form fields for the directory's list-like values, each edited as plain text.

A list is typed as one line per item or separated by commas, and comes back as a list, so
revisions store lists and the form shows them as text again.
"""

import re

from flask_babel import gettext as _
from wtforms import StringField, TextAreaField

from app.partners.vocab import CONTRIBUTION_TYPES


class ListField(StringField):
    """Items separated by commas, semicolons or new lines; stored as a list of strings."""

    separators = re.compile(r"[,;\n]")

    def process_data(self, value):
        self.data = list(value or [])

    def process_formdata(self, valuelist):
        text = valuelist[0] if valuelist else ""
        items = [item.strip() for item in self.separators.split(text)]
        # Keep the order typed, without blanks or repeats.
        self.data = list(dict.fromkeys(item for item in items if item))

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return ", ".join(str(item) for item in self.data or [])


def parse_contribution(line: str) -> dict:
    """ "expertise: hydrological models" -> {"type": "expertise", "description": ...}.

    :raises ValueError: with a message for the editor when the type is unknown.
    """
    kind, _sep, description = line.partition(":")
    key = kind.strip().casefold().replace(" ", "-").replace("_", "-")
    by_label = {
        str(label).casefold().replace(" ", "-"): value
        for value, label in CONTRIBUTION_TYPES.items()
    }
    key = key if key in CONTRIBUTION_TYPES else by_label.get(key, "")
    if not key or not _sep:
        raise ValueError(
            _(
                "Start each line with a type (%(types)s), then a colon: “%(line)s”",
                types=", ".join(CONTRIBUTION_TYPES),
                line=line[:60],
            )
        )
    return {"type": key, "description": description.strip()[:500]}


class ContributionsField(TextAreaField):
    """One contribution per line: "type: what it is"."""

    def process_data(self, value):
        self.data = list(value or [])

    def process_formdata(self, valuelist):
        text = valuelist[0] if valuelist else ""
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        self.data = []
        for line in lines:
            self.data.append(parse_contribution(line))

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "\n".join(f"{item['type']}: {item['description']}" for item in self.data or [])
