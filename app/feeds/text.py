"""Text made safe for XML 1.0 and kept short."""

import re

# Characters XML 1.0 does not allow, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str, limit: int | None = None) -> str:
    text = _NOT_XML.sub("", text or "")
    if limit and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text
