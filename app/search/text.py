"""Plain text from stored Markdown, and the short highlighted snippet a result shows."""

import re

from markupsafe import Markup, escape

# Markdown that a snippet shows as plain words: links keep their text, the rest goes.
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_BLOCK_MARKS = re.compile(r"(^|\s)(?:#{1,6}|>|[-*+]|\d+\.)\s|<[^>]*>|\|", re.MULTILINE)
_INLINE_MARKS = re.compile(r"[*_`~]+")
_SPACE = re.compile(r"\s+")
# A line that starts a block of its own (a heading, quote or list item); a blank line.
_BLOCK_START = re.compile(r"\n(?=[ \t]*(?:#{1,6}|>|[-*+]|\d+\.)\s)")
_BLOCK_BREAK = re.compile(r"\n[ \t]*\n")
_HEADING_LINE = re.compile(r"^([ \t]*#{1,6}[ \t].*)$", re.MULTILINE)

SNIPPET_BEFORE = 60  # characters shown before the first match
SNIPPET_LENGTH = 200


# Between two pieces of text that were apart (fields, headings, list items, paragraphs) and
# that no punctuation ends: "Canberra · Australia · Shares…", not "Canberra Australia Shares…".
SEPARATOR = " · "
_ENDS_A_SENTENCE = tuple(".!?:;,…")


def plain_text(*parts: str | None) -> str:
    """``parts`` as one line of text, without Markdown syntax or HTML tags; each part, and
    each block of a part, kept apart from the next by ``SEPARATOR`` unless punctuation ends
    it."""
    joined = ""
    for block in (block for part in parts if part for block in _blocks(part)):
        if joined:
            joined += " " if joined.endswith(_ENDS_A_SENTENCE) else SEPARATOR
        joined += block
    return joined


def _blocks(markdown: str) -> list[str]:
    """The paragraphs, headings and list items of ``markdown``, as plain words."""
    text = _LINK.sub(r"\1", _IMAGE.sub(r"\1", markdown))
    # Blocks are set apart by blank lines before their marks go, so each stays one piece.
    text = _BLOCK_START.sub("\n\n", _HEADING_LINE.sub("\\1\n", text))
    text = _INLINE_MARKS.sub("", _BLOCK_MARKS.sub(r"\1 ", text))
    blocks = (_SPACE.sub(" ", block).strip() for block in _BLOCK_BREAK.split(text))
    return [block for block in blocks if block]


def words_pattern(terms: list[str]) -> re.Pattern | None:
    """A pattern finding any of ``terms`` in text, case-insensitively (None for none)."""
    if not terms:
        return None
    alternatives = sorted({re.escape(term) for term in terms}, key=len, reverse=True)
    return re.compile("|".join(alternatives), re.IGNORECASE)


def highlight(text: str, pattern: re.Pattern | None) -> Markup:
    """``text`` escaped, with each match of ``pattern`` in ``<mark>``."""
    if pattern is None:
        return escape(text)
    pieces = []
    last = 0
    for found in pattern.finditer(text):
        pieces.append(escape(text[last : found.start()]))
        pieces.append(Markup("<mark>{}</mark>").format(found.group()))
        last = found.end()
    pieces.append(escape(text[last:]))
    return Markup("").join(pieces)


def snippet(text: str, pattern: re.Pattern | None) -> Markup:
    """About ``SNIPPET_LENGTH`` characters of ``text`` around its first match, highlighted.

    Cut at spaces, with an ellipsis where text was left out; the text's start when nothing
    in it matches (the match was in the title, say).
    """
    found = pattern.search(text) if pattern else None
    start = 0
    if found and found.start() > SNIPPET_BEFORE:
        start = text.rfind(" ", 0, found.start() - SNIPPET_BEFORE) + 1
    end = start + SNIPPET_LENGTH
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    window = text[start:end]
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return Markup("{}{}{}").format(prefix, highlight(window, pattern), suffix)
