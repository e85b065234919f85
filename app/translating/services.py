"""Writing translations, and showing records in the language of the page."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from flask import g, url_for
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import func, select

from app.accounts.models import User
from app.editing.models import Revision, Status
from app.editing.registry import EditableKind, all_kinds
from app.editing.services import (
    SaveOutcome,
    SaveResult,
    publish_record,
    revisions_of,
    save_record,
    unpublish_record,
)
from app.export.state import shared_by_run
from app.extensions import db
from app.i18n import (
    current_language,
    default_language,
    is_right_to_left,
    language_name,
    languages,
)
from app.manage.access import roles_for
from app.translating.models import Translation
from app.translating.texts import translated

__all__ = ["Translation"]


def translatable_fields(kind: EditableKind) -> tuple[str, ...]:
    """The fields of ``kind`` a translation covers (empty: the kind is not translated)."""
    return tuple(getattr(kind.model, "translatable_fields", ()))


def translatable_kinds() -> list[EditableKind]:
    return [kind for kind in all_kinds().values() if translatable_fields(kind)]


def target_languages() -> list[str]:
    """The languages records are translated into: every enabled one but the default."""
    return languages()[1:]


def find_translation(record, language: str) -> Translation | None:
    return db.session.scalar(
        select(Translation).where(
            Translation.source_type == record.record_type,
            Translation.source_id == record.id,
            Translation.language == language,
        )
    )


def save_translation(
    record,
    language: str,
    values: dict,
    base_revision_id: int | None,
    user: User | None,
    *,
    note: str = "",
    publish: bool = False,
) -> tuple[Translation, SaveResult]:
    """Save (and with ``publish``, publish) ``record``'s translation into ``language``.

    The first save creates the translation as a draft. Saves go through the editing
    mechanism, so an edit from a stale base is merged or kept as a conflict, never
    written over someone else's; a conflict is not published.
    """
    if language not in target_languages():
        raise ValueError(f"{language!r} is not a language records are translated into")
    translation = find_translation(record, language)
    if translation is None:
        translation = Translation(
            source_type=record.record_type, source_id=record.id, language=language,
            status=Status.DRAFT,
        )  # fmt: skip
        db.session.add(translation)
        db.session.flush()
        base_revision_id = None
    result = save_record(translation, values, base_revision_id, user, note)
    if publish and result.outcome is not SaveOutcome.CONFLICT:
        publish_record(translation, user)
    return translation, result


def unpublish_translation(translation: Translation, user: User | None) -> None:
    unpublish_record(translation, user)


def translation_revisions(translation: Translation | None) -> list[Revision]:
    return revisions_of(translation) if translation is not None else []


def delete_translations_of(record_type: str, record_id: int) -> None:
    """Remove a record's translations and their history, when the record itself goes."""
    translations = db.session.scalars(
        select(Translation).where(
            Translation.source_type == record_type, Translation.source_id == record_id
        )
    ).all()
    for translation in translations:
        for revision in revisions_of(translation):
            db.session.delete(revision)
        translation.head_revision_id = translation.published_revision_id = None
        db.session.flush()
        db.session.delete(translation)


def delete_translations_of_purged(record, **_signal) -> None:
    """Receives ``record_purging``: the record's translations go with it."""
    delete_translations_of(record.record_type, record.id)


# -- what /manage shows --------------------------------------------------------------------


def translations_of(record) -> list[dict]:
    """For a record's edit page: each language, the translation's state, where to edit it."""
    kind = all_kinds().get(getattr(record, "record_type", ""))
    if kind is None or not translatable_fields(kind) or getattr(record, "id", None) is None:
        return []
    if not current_user.has_role(*roles_for("translating.edit")):
        return []  # a partner user edits their entry for review, never its translations
    existing = {
        t.language: t
        for t in db.session.scalars(
            select(Translation).where(
                Translation.source_type == record.record_type, Translation.source_id == record.id
            )
        )
    }
    return [
        {
            "language": language,
            "name": language_name(language),
            "translation": existing.get(language),
            "url": url_for(
                "translating.edit",
                record_type=record.record_type,
                record_id=record.id,
                language=language,
            ),  # fmt: skip
        }
        for language in target_languages()
    ]


@dataclass
class Completeness:
    """Of a kind's ``published`` records, how many have a published translation, by
    language."""

    kind: EditableKind
    published: int
    translated: dict[str, int]


def completeness() -> list[Completeness]:
    """Published translations of published records, per translatable kind and language."""
    rows = []
    for kind in translatable_kinds():
        model = kind.model
        published = db.session.scalar(
            select(func.count()).select_from(model).where(model.status == Status.PUBLISHED)
        )
        counts = dict(
            db.session.execute(
                select(Translation.language, func.count())
                .join(model, model.id == Translation.source_id)
                .where(
                    Translation.source_type == kind.record_type,
                    Translation.status == Status.PUBLISHED,
                    model.status == Status.PUBLISHED,
                )
                .group_by(Translation.language)
            ).all()
        )
        rows.append(
            Completeness(
                kind, published, {lang: counts.get(lang, 0) for lang in target_languages()}
            )
        )
    return rows


# -- the export: a translation is of a record in a language ---------------------------------


def translated_records(ids: list[str]) -> Iterator[tuple[str, object]]:
    """Parents for the export: a changed translation re-renders the pages of its language
    that show its record, or any record of its kind."""
    numbers = [int(i) for i in ids if i.isdigit()]
    for translation in db.session.scalars(select(Translation).where(Translation.id.in_(numbers))):
        parent = f"{translation.source_type}@{translation.language}"
        yield parent, translation.source_id
        yield parent, "*"


# -- the public side -----------------------------------------------------------------------


class Localised:
    """A record as a reader of another language sees it: its published translation's
    non-empty fields in place of its own, everything else the record's.

    The record itself is never changed, so nothing here can be saved by accident.
    """

    __slots__ = ("_record", "_values", "language")

    def __init__(self, record, values: dict[str, str], language: str):
        self._record = record
        self._values = values
        self.language = language

    def __getattr__(self, name: str):
        values = self._values
        if name in values:
            return values[name]
        return getattr(self._record, name)

    def __eq__(self, other) -> bool:
        return unwrap(self) is unwrap(other)

    def __hash__(self) -> int:
        return hash(id(self._record))

    def is_untranslated(self, name: str) -> bool:
        return name in self._record.translatable_fields and name not in self._values


def unwrap(record):
    return record._record if isinstance(record, Localised) else record


def _published_in(record_type: str, language: str) -> dict[int, Translation]:
    """The published translations of a kind into a language: read once per page, and
    once per run in the export, whose pages all see one state of the records."""
    cache = g.setdefault("published_translations", {})
    key = (record_type, language)
    if key not in cache:
        cache[key] = shared_by_run(
            f"translating.published:{record_type}:{language}",
            lambda: {
                translation.source_id: translation
                for translation in db.session.scalars(
                    select(Translation).where(
                        Translation.source_type == record_type,
                        Translation.language == language,
                        Translation.status == Status.PUBLISHED,
                    )
                )
            },
        )
    return cache[key]


def localise(record):
    """``record`` in the current page's language: itself in the default language."""
    if record is None:
        return None
    language = current_language()
    if language == default_language() or isinstance(record, Localised):
        return record
    translation = _published_in(record.record_type, language).get(record.id)
    values = {}
    if translation is not None:
        for name in record.translatable_fields:
            text = translation.text(name)
            if text.strip():
                values[name] = translated(getattr(record, name), text)
    return Localised(record, values, language)


def localise_all(records: Iterable) -> list:
    return [localise(record) for record in records]


def untranslated(record, field: str) -> bool:
    """For templates: does this field show the default language's text on this page?"""
    return (
        isinstance(record, Localised)
        and record.is_untranslated(field)
        and bool(getattr(record, field, ""))
    )


def text_language(record, field: str) -> str:
    """For templates: the language this field's text is in on this page."""
    return default_language() if untranslated(record, field) else current_language()


def lang_attributes(record, field: str) -> Markup:
    """For templates: ``lang`` and ``dir`` attributes marking a field shown untranslated,
    so screen readers pronounce it and bidirectional text runs the right way."""
    if not untranslated(record, field):
        return Markup("")
    code = default_language()
    direction = "rtl" if is_right_to_left(code) else "ltr"
    return Markup(' lang="%s" dir="%s"') % (code, direction)
