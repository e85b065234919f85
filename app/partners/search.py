"""Full-text search over partner organisations, one interface for both databases.

SQLite uses an FTS5 table kept current by triggers; PostgreSQL a GIN index over a
``tsvector`` expression. Both are created by migration 0040 and, for databases built with
``create_all`` (the tests), by the DDL events installed here: the SQL below is the same
text the migration runs. Neither structure is part of SQLAlchemy's metadata (FTS5 virtual
tables and expression indexes do not round-trip through reflection); their names are
listed in ``metadata.info["managed_elsewhere"]`` so Alembic's comparison leaves them alone.

Search is by words, accent-insensitive on SQLite, with the last word matched as a prefix so
results follow the reader's typing. Organisations whose name (or short name) matches come
first, then the rest by relevance.

Caution for later migrations: an Alembic batch migration of the ``organisation`` table on
SQLite recreates the table and so drops its triggers; such a migration must run
``SQLITE_TRIGGERS`` again afterwards.
"""

import re
from dataclasses import dataclass

from sqlalchemy import DDL, ColumnElement, column, event, func, literal_column, select, table
from sqlalchemy.sql.selectable import Subquery

from app.extensions import db

FTS_TABLE = "organisation_fts"
PG_INDEX = "ix_organisation_search"
# Longest query that is searched; further words are ignored.
MAX_TERMS = 8

# --- SQLite -------------------------------------------------------------------------------

# What the body column holds: where the partner is, what it does and what it brings. JSON
# keys are taken out of the contributions so that "description" does not match everyone.
_SQLITE_BODY = (
    "new.city || ' ' || new.country_name || ' ' || new.description || ' ' || "
    "coalesce(new.focus_areas, '') || ' ' || "
    "replace(replace(coalesce(new.contributions, ''), '\"type\": ', ''), "
    "'\"description\": ', '')"
)
# Constant SQL for the triggers: nothing in it comes from a request.
_SQLITE_INSERT = (  # nosec B608
    "INSERT INTO organisation_fts (rowid, name, short_name, body) "  # nosec B608
    "VALUES (new.id, new.name, new.short_name, " + _SQLITE_BODY + ");"
)
_SQLITE_REINDEX = "DELETE FROM organisation_fts WHERE rowid = old.id; " + _SQLITE_INSERT  # noqa: S608  # nosec B608
SQLITE_FTS_TABLE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS organisation_fts USING fts5("
    "name, short_name, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"
)
SQLITE_TRIGGERS = (
    "CREATE TRIGGER IF NOT EXISTS organisation_fts_insert AFTER INSERT ON organisation "
    "BEGIN " + _SQLITE_INSERT + " END",
    "CREATE TRIGGER IF NOT EXISTS organisation_fts_update AFTER UPDATE OF name, short_name, "
    "city, country_name, description, focus_areas, contributions ON organisation "
    "BEGIN " + _SQLITE_REINDEX + " END",
    "CREATE TRIGGER IF NOT EXISTS organisation_fts_delete AFTER DELETE ON organisation "
    "BEGIN DELETE FROM organisation_fts WHERE rowid = old.id; END",
)
SQLITE_DROP = "DROP TABLE IF EXISTS organisation_fts"

# --- PostgreSQL ---------------------------------------------------------------------------

# A stored generated column, so ranking reads the vector instead of rebuilding it per row.
# Names weigh "A" (which also lets a query ask for name matches alone), the rest "C".
_PG_NAME = "coalesce(name, '') || ' ' || coalesce(short_name, '')"
PG_DOCUMENT = (
    f"setweight(to_tsvector('simple'::regconfig, {_PG_NAME}), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, coalesce(city, '') || ' ' || "
    "coalesce(country_name, '') || ' ' || coalesce(description, '') || ' ' || "
    "coalesce(focus_areas::text, '') || ' ' || replace(replace(coalesce(contributions::text, "
    "''), '\"type\": ', ''), '\"description\": ', '')), 'C')"
)
PG_COLUMN = "search_document"
PG_ADD_COLUMN = (
    "ALTER TABLE organisation ADD COLUMN IF NOT EXISTS search_document tsvector "
    "GENERATED ALWAYS AS (" + PG_DOCUMENT + ") STORED"
)
PG_CREATE_INDEX = (
    "CREATE INDEX IF NOT EXISTS ix_organisation_search ON organisation USING gin (search_document)"
)
PG_SEARCH = (PG_ADD_COLUMN, PG_CREATE_INDEX)

MANAGED_ELSEWHERE = {
    FTS_TABLE,
    *(f"{FTS_TABLE}_{shadow}" for shadow in ("data", "idx", "content", "docsize", "config")),
    PG_INDEX,
    f"organisation.{PG_COLUMN}",  # a column: named with its table
}


def install_ddl(organisation_table) -> None:
    """Create the search structures whenever ``create_all`` creates the table."""
    for statement in (SQLITE_FTS_TABLE, *SQLITE_TRIGGERS):
        event.listen(
            organisation_table, "after_create", DDL(statement).execute_if(dialect="sqlite")
        )
    for statement in PG_SEARCH:
        event.listen(
            organisation_table, "after_create", DDL(statement).execute_if(dialect="postgresql")
        )
    event.listen(organisation_table, "after_drop", DDL(SQLITE_DROP).execute_if(dialect="sqlite"))
    db.metadata.info.setdefault("managed_elsewhere", set()).update(MANAGED_ELSEWHERE)


# --- Queries ------------------------------------------------------------------------------


def terms_of(text: str | None) -> list[str]:
    """The words of a query, lower-cased, without any search syntax."""
    return re.findall(r"\w+", (text or "").casefold())[:MAX_TERMS]


@dataclass(frozen=True)
class Matches:
    """The organisations matching a query, as pieces of a query on ``organisation``.

    ``where`` keeps the matching rows. ``order_by`` puts name matches first, then the more
    relevant; when ``join`` is not None, its expressions need that subquery joined on its
    ``organisation_id`` column (the join then also keeps only the matching rows).
    """

    where: ColumnElement[bool]
    order_by: tuple[ColumnElement, ...]
    join: Subquery | None = None


def matching(text: str | None) -> Matches | None:
    """Organisations (of any status) matching ``text``; None for an empty query."""
    terms = terms_of(text)
    if not terms:
        return None
    if db.engine.dialect.name == "postgresql":
        return _postgresql(terms)
    return _sqlite(terms)


def _sqlite(terms: list[str]) -> Matches:
    # Each word quoted, so nothing a reader types is read as FTS5 syntax; the last a prefix.
    query = " ".join(f'"{term}"' for term in terms) + "*"
    fts = table(FTS_TABLE, column("rowid"))
    match = literal_column(FTS_TABLE).op("MATCH")
    in_name = select(fts.c.rowid).where(match("{name short_name} : (" + query + ")"))
    # bm25 (negative, lower is better) exists only in a query on the FTS table itself.
    ranked = (
        select(
            fts.c.rowid.label("organisation_id"),
            fts.c.rowid.in_(in_name.scalar_subquery()).label("name_hit"),
            # Name columns weigh ten times the body.
            func.bm25(literal_column(FTS_TABLE), 10.0, 10.0, 1.0).label("score"),
        )
        .where(match(query))
        .subquery("matches")
    )
    return Matches(
        where=literal_column("organisation.id").in_(select(fts.c.rowid).where(match(query))),
        order_by=(ranked.c.name_hit.desc(), ranked.c.score),
        join=ranked,
    )


def _postgresql(terms: list[str]) -> Matches:
    def tsquery(weights: str = ""):
        words = [f"{term}:{weights}" if weights else term for term in terms[:-1]]
        words.append(f"{terms[-1]}:*{weights}")
        return func.to_tsquery(literal_column("'simple'::regconfig"), " & ".join(words))

    document = literal_column(f"organisation.{PG_COLUMN}")
    query = tsquery()
    return Matches(
        where=document.op("@@")(query),
        # Restricted to "A" lexemes: the name and short name.
        order_by=(document.op("@@")(tsquery("A")).desc(), func.ts_rank(document, query).desc()),
    )
