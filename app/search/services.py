"""Site search and the A–Z index: one list of public pages, searched or sorted."""

import math
import unicodedata
from dataclasses import dataclass, field

from flask import current_app, url_for
from markupsafe import Markup

from app.features import navigation_links, search_sources
from app.partners.search import terms_of
from app.search import a_z
from app.search.sources import MAX_PER_KIND, Entry
from app.search.text import snippet, words_pattern

PER_PAGE = 20
# The longest query read; anything beyond is ignored (terms_of keeps eight words anyway).
MAX_QUERY_LENGTH = 200


@dataclass
class SearchQuery:
    text: str = ""
    page: int = 1

    @classmethod
    def from_args(cls, args) -> "SearchQuery":
        """Read ``?q=`` and ``?page=``; anything malformed reads as empty or page 1."""
        text = " ".join((args.get("q") or "").split())[:MAX_QUERY_LENGTH]
        page = args.get("page", 1, type=int) or 1
        return cls(text=text, page=max(1, min(page, 10_000)))

    @property
    def terms(self) -> list[str]:
        return terms_of(self.text)


@dataclass
class Hit:
    entry: Entry
    title: Markup
    snippet: Markup


@dataclass
class SearchResults:
    query: SearchQuery
    hits: list[Hit] = field(default_factory=list)  # this page's
    total: int = 0
    pages: int = 0
    by_kind: list[tuple[str, int]] = field(default_factory=list)  # (label, count)
    # Labels of the kinds with more matches than are searched (MAX_PER_KIND): the total
    # is then a lower bound, and the reader is asked for more words.
    capped: list[str] = field(default_factory=list)
    limit: int = 0  # MAX_PER_KIND when the results were found


def _score(entry: Entry, terms: list[str]) -> int:
    """Words in the title count most, then how often the words occur in the text."""
    title, text = entry.title.casefold(), entry.text.casefold()
    return sum(10 * (term in title) + min(text.count(term), 5) for term in terms)


def search_site(query: SearchQuery) -> SearchResults:
    """One page of public pages matching every word of ``query``, most relevant first.

    An empty query (or one with no words, such as ``"*()"``) finds nothing. Only published
    records are searched (see ``app.search.sources``).
    """
    terms = query.terms
    if not terms:
        return SearchResults(query)
    sources = search_sources()
    entries = [entry for source in sources for entry in source.entries(terms, query.text)]
    for entry in entries:
        entry.score = _score(entry, terms)
    entries.sort(key=lambda entry: (-entry.score, entry.title.casefold(), entry.url))
    total = len(entries)
    pages = math.ceil(total / PER_PAGE)
    query.page = min(query.page, max(pages, 1))
    shown = entries[(query.page - 1) * PER_PAGE : query.page * PER_PAGE]
    pattern = words_pattern(terms)
    hits = [
        Hit(entry, snippet(entry.title, pattern), snippet(entry.text, pattern)) for entry in shown
    ]
    counts: dict[str, int] = {}
    for entry in entries:
        counts[entry.kind] = counts.get(entry.kind, 0) + 1
    by_kind = [(str(source.label), counts[source.kind]) for source in sources
               if source.kind in counts]  # fmt: skip
    capped = [label for label, count in by_kind if count >= MAX_PER_KIND]
    return SearchResults(query, hits, total, pages, by_kind, capped, MAX_PER_KIND)


def initial_of(title: str) -> str:
    """The letter a title is filed under: its first letter without accents, or "#"."""
    for char in unicodedata.normalize("NFKD", title):
        if char.isalpha() and char.isascii():
            return char.upper()
        if char.isalnum():
            return "#"
    return "#"


def list_everything() -> list[tuple[str, list[Entry]]]:
    """Every public page by initial ("#" first), each letter sorted by title.

    The parts of the site (Partners, Meetings...) and every record with a page or a place
    of its own; funding rows and actions, lines of the funding page and of the register,
    are found by search but would only crowd the list.
    """
    entries = [Entry("section", str(label), url) for label, url in site_sections()]
    for source in search_sources():
        if source.a_z:
            listed = list(source.entries(None, ""))
            a_z.depend_on_entries(source, listed)
            entries += listed
    letters: dict[str, list[Entry]] = {}
    for entry in entries:
        letters.setdefault(initial_of(entry.title), []).append(entry)
    return [
        (letter, sorted(entries, key=lambda entry: (entry.title.casefold(), entry.url)))
        for letter, entries in sorted(letters.items())
    ]


def site_sections() -> list[tuple[str, str]]:
    """(label, URL) of each part of the site in the main navigation, search left out."""
    return [
        (str(link.label), url_for(link.endpoint))
        for link in navigation_links()
        if link.endpoint in current_app.view_functions and not link.endpoint.startswith("search.")
    ]
