"""Partners as coordinators name them: by name in any language, short name or address.

The transparency record stores a partner's slug; people know partners by name. This module
turns what a person typed into a slug, and a slug back into the name a form shows. Every
organisation the directory does not have in the trash may be named, drafts included, as
``unknown_slugs`` accepts them: a new partner's attendance can be recorded before its
entry is published.

Texts are compared folded: case, accents, curly quotes and repeated spaces do not count,
so "delta farmers’ union" names "Delta Farmers' Union" and "ecole" names "École".
"""

import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass

from flask import current_app, g, url_for
from sqlalchemy import func, select

from app.editing.models import Status
from app.editing.registry import all_kinds
from app.extensions import db
from app.i18n import current_language, default_language
from app.translating.models import Translation

# Letters that Unicode does not decompose into a base letter and an accent.
LETTERS = str.maketrans(
    {"đ": "d", "Đ": "d", "ð": "d", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "ı": "i",
     "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "‘": "'", "’": "'", "ʼ": "'", "`": "'",
     "“": '"', "”": '"', "–": "-", "—": "-"}
)  # fmt: skip
# "Red Cross (red-cross-kenya)": a name made unique by the address after it.
NAME_WITH_ADDRESS = re.compile(r"^(?P<name>.*?)\s*\((?P<slug>[a-z0-9-]+)\)$")
MOST_SUGGESTIONS = 3
# A list of names the browser suggests from is sent whole with the form: beyond this many
# partners it would weigh more than the form, and the picker does better.
MOST_SUGGESTED_NAMES = 300


# Remembered: every form with a picker, and every letter typed into one, folds the names of
# every partner again, and the names seldom change.
@functools.lru_cache(maxsize=65_536)
def fold(text: str) -> str:
    """``text`` as compared: lower case, without accents, quotes and spaces made plain."""
    text = unicodedata.normalize("NFKD", (text or "").translate(LETTERS))
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(text.casefold().split())


@dataclass(frozen=True)
class Choice:
    """A partner that may be named: its slug, its name as shown, every text naming it."""

    slug: str
    name: str  # in the current language when it has one, else the default language's
    keys: frozenset[str]  # folded names in every language, short name and slug


class PartnerNameError(ValueError):
    """A text that names no partner, or several."""

    def __init__(self, text: str, candidates: list[Choice]):
        super().__init__(text)
        self.text = text
        self.candidates = candidates


class AmbiguousName(PartnerNameError):
    """``candidates`` are every partner the text names."""


class UnknownName(PartnerNameError):
    """``candidates`` are the closest partners, at most ``MOST_SUGGESTIONS``."""


@dataclass(frozen=True)
class Directory:
    """The partners that may be named, in order of name, and two ways to look them up."""

    choices: list[Choice]
    by_slug: dict[str, Choice]
    by_key: dict[str, list[Choice]]


def selectable_partners() -> list[Choice]:
    """Every partner that may be named, in order of name in the current language."""
    return _directory().choices


def _directory() -> Directory:
    """Read once per request and language, from the app's copy while it is current.

    A picker asks on every letter typed; with thousands of partners, reading and folding
    them all each time would make it lag. The copy is kept per app (worker) and language,
    and checked on each request against what changes when any partner or translation is
    saved, trashed, restored or deleted, so no worker shows a stale name.
    """
    cache = g.setdefault("selectable_partners", {})
    language = current_language()
    if language not in cache:
        kind = all_kinds().get("partner")
        if kind is None:
            return Directory([], {}, {})
        shared = current_app.extensions.setdefault("selectable_partners", {})
        state = _state_of(kind)
        kept = shared.get(language)
        if kept is None or kept[0] != state:
            kept = (state, _index(_read_choices(kind, language)))
            shared[language] = kept
        cache[language] = kept[1]
    return cache[language]


def _state_of(kind) -> tuple:
    """What changes whenever a partner or a translation of one is saved, published,
    unpublished, trashed, restored or deleted."""
    partners = _changes(kind.model, kind.model.status != Status.TRASHED)
    translations = _changes(
        Translation,
        Translation.source_type == kind.record_type,
        Translation.status != Status.TRASHED,
    )
    return partners + translations


def _changes(model, *where) -> tuple:
    # A save moves the latest revision and update; a publish, the latest published revision
    # and publish; an unpublish, the count of published ones; the trash, the count.
    return tuple(
        db.session.execute(
            select(
                func.count(),
                func.count(model.published_revision_id),
                func.max(model.head_revision_id),
                func.max(model.published_revision_id),
                func.max(model.updated_at),
                func.max(model.last_published_at),
            ).where(*where)
        ).one()
    )


def _index(choices: list[Choice]) -> Directory:
    by_key: dict[str, list[Choice]] = {}
    for choice in choices:
        for key in choice.keys:
            by_key.setdefault(key, []).append(choice)
    return Directory(choices, {choice.slug: choice for choice in choices}, by_key)


def _read_choices(kind, language: str) -> list[Choice]:
    model = kind.model
    title = kind.title_field
    # Columns only: a form with a picker reads every partner, and whole rows would load
    # their descriptions and SDG links too.
    short = getattr(model, "short_name", None)
    columns = [model.id, model.slug, getattr(model, title)]
    if short is not None:
        columns.append(short)
    rows = db.session.execute(select(*columns).where(model.status != Status.TRASHED)).all()
    names: dict[int, dict[str, str]] = {}
    translations = select(Translation.source_id, Translation.language, Translation.texts).where(
        Translation.source_type == kind.record_type, Translation.status != Status.TRASHED
    )
    for source_id, translated_into, texts in db.session.execute(translations):
        text = (texts or {}).get(title, "") or ""
        if text.strip():
            names.setdefault(source_id, {})[translated_into] = text.strip()
    choices = []
    default = default_language()
    for row in rows:
        record_id, slug = row[0], row[1]
        name = row[2] or slug
        translated = names.get(record_id, {})
        shown = name if language == default else translated.get(language, name)
        keys = {fold(name), fold(slug), *(fold(text) for text in translated.values())}
        if short is not None and (row[3] or "").strip():
            keys.add(fold(row[3]))
        choices.append(Choice(slug, shown, frozenset(keys)))
    choices.sort(key=lambda choice: (fold(choice.name), choice.slug))
    return choices


def resolve_partner(text: str) -> str:
    """The slug of the one partner ``text`` names.

    :raises AmbiguousName: it names several partners.
    :raises UnknownName: it names none.
    """
    directory = _directory()
    named = directory.by_key.get(fold(text), [])
    if len(named) == 1:
        return named[0].slug
    # "Red Cross (red-cross-kenya)", as a form writes a name several partners have.
    shown = NAME_WITH_ADDRESS.match(text.strip().lower())
    if shown and shown.group("slug") in directory.by_slug:
        return shown.group("slug")
    if named:
        raise AmbiguousName(text, named)
    raise UnknownName(text, close_partners(fold(text), directory))


def close_partners(folded: str, directory: Directory) -> list[Choice]:
    """Partners with a name containing the text, then those spelt like it."""
    found = [c for c in directory.choices if folded and any(folded in k for k in c.keys)]
    if len(found) < MOST_SUGGESTIONS:
        for key in difflib.get_close_matches(folded, list(directory.by_key), n=MOST_SUGGESTIONS):
            found.extend(choice for choice in directory.by_key[key] if choice not in found)
    return found[:MOST_SUGGESTIONS]


def search_partners(query: str, limit: int = 10) -> list[Choice]:
    """At most ``limit`` partners a text typed into a picker names: those with a name,
    short name or address starting with it first, then those with a word starting with
    it, then those containing it anywhere."""
    folded = fold(query)
    if not folded:
        return []
    ranked = []
    for choice in selectable_partners():
        if any(key.startswith(folded) for key in choice.keys):
            ranked.append((0, choice))
        elif any(f" {folded}" in f" {key.replace('-', ' ')}" for key in choice.keys):
            ranked.append((1, choice))
        elif any(folded in key for key in choice.keys):
            ranked.append((2, choice))
    # A stable sort keeps the partners of each rank in order of name.
    ranked.sort(key=lambda pair: pair[0])
    return [choice for _rank, choice in ranked[:limit]]


def written_name(slug: str) -> str:
    """How a form writes the partner ``slug`` so that it reads as a name and names the
    same partner again: its name, with the address after it when another partner has the
    same name, or the slug itself when the directory has no such partner."""
    choice = _directory().by_slug.get(slug)
    if choice is None:
        return slug
    try:
        if resolve_partner(choice.name) == slug:
            return choice.name
    except PartnerNameError:
        pass
    return f"{choice.name} ({slug})"


def chosen_partner(slug: str) -> Choice:
    """The partner ``slug`` names, as a picker shows it: the slug as its name when the
    directory has no such partner."""
    return _directory().by_slug.get(slug) or Choice(slug, slug, frozenset())


def choices_url() -> str | None:
    """Where a picker asks for the partners a text names; none without the directory."""
    endpoint = "partners.manage.choices"
    return url_for(endpoint) if endpoint in current_app.view_functions else None


def suggested_partners() -> list[Choice]:
    """The partners a plain field suggests by name: all of them, unless there are many."""
    choices = selectable_partners()
    return choices if len(choices) <= MOST_SUGGESTED_NAMES else []


def init_app(app) -> None:
    app.add_template_global(choices_url, "partner_choices_url")
    app.add_template_global(suggested_partners)
    app.add_template_global(written_name, "partner_written_name")
