"""What a search result is, and the helpers each feature's search source is written with.

Features declare their sources (``app.features.SearchSource``). Each runs at query time
over the records' own columns, with the very conditions the public pages use (published,
approved minutes, a step whose module is published), so a result can never be a draft, a
trashed record, unapproved minutes or anything of /manage, and an edit shows in results
as soon as it is published. Words match anywhere in the searched columns,
case-insensitively (``containing``).

Each source returns at most ``MAX_PER_KIND`` entries, which keeps the work per query
bounded however common a word is.
"""

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, String, and_, cast, false, func, or_, select, true

from app.editing.models import Status
from app.export.state import depends_on
from app.extensions import db

MAX_PER_KIND = 200


@dataclass
class Entry:
    """One public page (or a section of one) that search and the A–Z index list."""

    kind: str  # a SearchSource's kind, or "section"
    title: str
    url: str
    text: str = ""  # plain text the snippet is cut from
    score: int = field(default=0, compare=False)

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)


# The kind of the site's parts (Partners, Meetings...) that the A–Z index lists too.
SECTION_LABEL = _l("Section")


def kind_label(kind: str) -> str:
    """The label readers see for a kind of result: its search source's, or "Section"."""
    from app.features import search_sources

    labels = {source.kind: source.label for source in search_sources()}
    return str(labels.get(kind, SECTION_LABEL))


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def containing(terms: list[str] | None, *columns) -> ColumnElement[bool]:
    """Every term found in at least one of ``columns``; true when ``terms`` is None."""
    if terms is None:
        return true()
    if not terms:
        return false()
    return and_(
        *(
            or_(
                *(
                    func.lower(cast(column, String)).like(f"%{_escape_like(term)}%", escape="\\")
                    for column in columns
                )
            )
            for term in terms
        )
    )


def results_depend_on(terms: list[str] | None, *record_types: str) -> None:
    """Search results depend on every record of their kinds; the A–Z index (``terms``
    None) depends on what it shows of them instead (``app.search.a_z``)."""
    if terms is not None:
        for record_type in record_types:
            depends_on(record_type)


def records(statement, terms: list[str] | None) -> list:
    """The records ``statement`` selects: at most ``MAX_PER_KIND`` for a search, all of
    them for the A–Z index (``terms`` None)."""
    if terms is not None:
        statement = statement.limit(MAX_PER_KIND)
    return list(db.session.scalars(statement).unique())


def published_containing(model, terms: list[str] | None, *columns) -> list:
    """The published records of ``model`` with every term in one of ``columns``, as
    ``records`` bounds them: the source of a kind whose records are public once published."""
    return records(
        select(model).where(model.status == Status.PUBLISHED, containing(terms, *columns)), terms
    )
