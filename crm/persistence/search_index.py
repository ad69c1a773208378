"""The customer name search index: an FTS5 table on SQLite, GIN indexes on PostgreSQL.

SQLite: `customer_search`, a contentless FTS5 table with the trigram tokenizer, kept in step
with `customers.name` by three triggers. A trigram index cannot match fewer than 3 characters
(SQLite 3.40 silently returns no rows, MEASURED.md), and most Chinese given names are 1-2
characters, so each row also carries a `grams` column in which every 1- and 2-character piece
of the name becomes a 3-character token: "李建国" -> "|李|建|国|李建|建国|国|". "建" is then found
as the trigram "|建|" and "建国" as "建国|". Names are indexed up to GRAM_CHARS characters for
the 1-2 character pieces (the full name always goes into the trigram column).

PostgreSQL: a GIN index over crm_name_grams(name) (the set of 1- and 2-character pieces) for
short fragments and as a bigram prefilter for longer ones, a pg_trgm GIN index when the
extension can be created (it serves Latin-letter substrings; without it those are skipped),
and text_pattern_ops on loans.loan_no so that `LIKE 'JJ2023%'` walks an index whatever the
database's collation.

Bulk loaders on SQLite (import, demo data): the triggers make inserts about 5x slower, so call
`suspend_search_index(conn)` before the load and `rebuild_search_index(conn)` after it, on the
same connection and inside the same transaction, or use `with search_index_suspended(conn):`.
(About 25 s per million customers; without the triggers the load itself is several times
faster.) On PostgreSQL, whose GIN indexes follow the rows by themselves, suspending does
nothing and rebuilding only refreshes the planner statistics (ANALYZE customers).

None of these objects is a model: alembic's compare must skip them (`include_name` below).
"""
from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from sqlalchemy import ColumnElement, Select, Text, bindparam, column, func, select, table
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Connection

from crm.models import Customer

log = logging.getLogger(__name__)

FTS_TABLE = "customer_search"
GRAM_CHARS = 32          # 1-2 character pieces are indexed within the first 32 characters
SEP = "|"                # the gram separator; removed from names and queries
TRIGGERS = ("customer_search_ai", "customer_search_ad", "customer_search_au")
PG_GRAMS_FUNCTION = "crm_name_grams"
PG_GRAMS_INDEX = "ix_customers_name_grams"
PG_TRGM_INDEX = "ix_customers_name_trgm"
PG_LOAN_PATTERN_INDEX = "ix_loans_loan_no_pattern"

# every schema object this module owns, by kind, for alembic's include_name
SQLITE_TABLES = frozenset({FTS_TABLE, *(f"{FTS_TABLE}_{s}" for s in
                                        ("data", "idx", "config", "content", "docsize"))})
PG_INDEXES = frozenset({PG_GRAMS_INDEX, PG_TRGM_INDEX, PG_LOAN_PATTERN_INDEX})


def include_name(name: str | None, type_: str, _parent: Mapping[str, Any]) -> bool:
    """For alembic `include_name`: leave the search index out of model/schema comparison."""
    if type_ == "table":
        return name not in SQLITE_TABLES
    if type_ == "index":
        return name not in PG_INDEXES
    return True


# --- SQLite ------------------------------------------------------------------------------------

def grams_sql(expr: str, chars: int = GRAM_CHARS) -> str:
    """SQL for the grams column of a name expression ('|a|b|c|ab|bc|c|').

    Unrolled, because trigger bodies allow no recursive CTE. rtrim drops the separators that
    the positions past the end of a short name leave behind.
    """
    x = f"replace({expr}, '{SEP}', '')"
    ones = " || '|' || ".join(f"substr({x}, {p}, 1)" for p in range(1, chars + 1))
    twos = " || '|' || ".join(f"substr({x}, {p}, 2)" for p in range(1, chars + 1))
    return f"(rtrim('|' || {ones}, '|') || '|' || rtrim({twos}, '|') || '|')"


def _row_values(ref: str) -> str:
    return f"{ref}.id, {ref}.name, {grams_sql(ref + '.name')}"


def _sqlite_trigger_ddl() -> list[str]:
    insert_new = f"INSERT INTO {FTS_TABLE}(rowid, name, grams) VALUES ({_row_values('new')});"
    delete_old = (f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, name, grams) "
                  f"VALUES ('delete', {_row_values('old')});")
    return [
        f"CREATE TRIGGER {TRIGGERS[0]} AFTER INSERT ON customers BEGIN {insert_new} END",
        f"CREATE TRIGGER {TRIGGERS[1]} AFTER DELETE ON customers BEGIN {delete_old} END",
        f"CREATE TRIGGER {TRIGGERS[2]} AFTER UPDATE OF id, name ON customers "
        f"BEGIN {delete_old} {insert_new} END",
    ]


def _sqlite_fill(conn: Connection) -> None:
    conn.exec_driver_sql(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('delete-all')")
    conn.exec_driver_sql(f"INSERT INTO {FTS_TABLE}(rowid, name, grams) "
                         f"SELECT {_row_values('customers')} FROM customers")
    conn.exec_driver_sql(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')")


def _drop_triggers(conn: Connection) -> None:
    for name in TRIGGERS:
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")


def search_index_live(conn: Connection) -> bool:
    """True when the index follows the rows (on SQLite: its triggers are in place)."""
    if conn.dialect.name != "sqlite":
        return True
    found = conn.exec_driver_sql(
        "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN (?, ?, ?)",
        TRIGGERS).scalar()
    return found == len(TRIGGERS)


def suspend_search_index(conn: Connection) -> None:
    """Before a bulk load (SQLite): stop maintaining the index row by row.

    Until rebuild_search_index runs, name searches fall back to a (slow, correct) scan.
    """
    if conn.dialect.name == "sqlite":
        _drop_triggers(conn)


def rebuild_search_index(conn: Connection) -> None:
    """After a bulk load (SQLite): refill the index from customers and restore the triggers.

    About 20-30 s per million customers. Also refreshes the planner statistics of customers,
    which a bulk load has made stale.
    """
    if conn.dialect.name != "sqlite":
        conn.exec_driver_sql("ANALYZE customers")
        return
    _drop_triggers(conn)
    _sqlite_fill(conn)
    for ddl in _sqlite_trigger_ddl():
        conn.exec_driver_sql(ddl)
    conn.exec_driver_sql("ANALYZE customers")


@contextmanager
def search_index_suspended(conn: Connection) -> Iterator[None]:
    """`with search_index_suspended(conn): bulk insert` - rebuilt when the block succeeds."""
    suspend_search_index(conn)
    yield
    rebuild_search_index(conn)


# --- PostgreSQL --------------------------------------------------------------------------------

_PG_GRAMS_FN = f"""
CREATE OR REPLACE FUNCTION {PG_GRAMS_FUNCTION}(name text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT g), '{{}}') FROM (
        SELECT substr(name, i, 1) FROM generate_series(1, char_length(name)) AS i
        UNION ALL
        SELECT substr(name, i, 2) FROM generate_series(1, char_length(name) - 1) AS i
    ) AS pieces(g)
$$"""


def _pg_create_trgm(conn: Connection) -> bool:
    """pg_trgm is a trusted contrib extension, but a server may lack it or forbid it."""
    try:
        with conn.begin_nested():
            conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            conn.exec_driver_sql(
                f"CREATE INDEX {PG_TRGM_INDEX} ON customers USING gin (name gin_trgm_ops)")
    except Exception as exc:  # noqa: BLE001 - any refusal means: go on without it
        log.warning("pg_trgm unavailable, Latin-letter substring search is off: %s", exc)
        return False
    return True


# --- install / remove (used by migration 0002) ------------------------------------------------

def install(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(
            f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(name, grams, content='', "
            "columnsize=0, tokenize='trigram')")
        _sqlite_fill(conn)
        for ddl in _sqlite_trigger_ddl():
            conn.exec_driver_sql(ddl)
        return
    conn.exec_driver_sql(_PG_GRAMS_FN)
    conn.exec_driver_sql(f"CREATE INDEX {PG_GRAMS_INDEX} ON customers "
                         f"USING gin ({PG_GRAMS_FUNCTION}(name))")
    conn.exec_driver_sql(f"CREATE INDEX {PG_LOAN_PATTERN_INDEX} ON loans "
                         "(loan_no text_pattern_ops)")
    _pg_create_trgm(conn)


def uninstall(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        _drop_triggers(conn)
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {FTS_TABLE}")
        return
    for index in PG_INDEXES:
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {index}")
    conn.exec_driver_sql(f"DROP FUNCTION IF EXISTS {PG_GRAMS_FUNCTION}(text)")
    # pg_trgm stays: other objects may use it, and an idle extension costs nothing


# --- query side ---------------------------------------------------------------------------------

def _fts_phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _pg_trgm_present(conn: Connection) -> bool:
    """Asked once per pooled connection (the answer changes only with a migration)."""
    key = "crm_trgm_index"
    if key not in conn.info:
        conn.info[key] = bool(conn.exec_driver_sql(
            "SELECT 1 FROM pg_indexes WHERE indexname = %(n)s", {"n": PG_TRGM_INDEX}).scalar())
    return bool(conn.info[key])


def _pg_grams(values: list[str]) -> ColumnElement[bool]:
    wanted = bindparam(None, values, type_=postgresql.ARRAY(Text))
    return func.crm_name_grams(Customer.name).op("@>")(wanted)


def _bigrams(text: str) -> list[str]:
    return sorted({text[i:i + 2] for i in range(len(text) - 1)})


def _like_any(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def name_fragment_ids(conn: Connection, fragment: str) -> Select[tuple[int]] | None:
    """Ids of customers whose name contains `fragment` (any length, case-insensitive for
    Latin letters on SQLite), through the index; None when the index cannot answer (SQLite
    with the triggers suspended: the caller falls back to a scan)."""
    fragment = fragment.replace(SEP, "")
    if not fragment:
        return None
    if conn.dialect.name == "sqlite":
        if not search_index_live(conn):
            return None
        if len(fragment) >= 3:
            query = f"name : {_fts_phrase(fragment)}"
        elif len(fragment) == 2:
            query = f"grams : {_fts_phrase(fragment + SEP)}"
        else:
            query = f"grams : {_fts_phrase(SEP + fragment + SEP)}"
        fts = table(FTS_TABLE, column("rowid"), column(FTS_TABLE))
        match = fts.c[FTS_TABLE].op("MATCH")(bindparam(None, query))
        return select(fts.c.rowid.label("id")).where(match)
    like = Customer.name.like(_like_any(fragment), escape="\\")
    if fragment.isascii():
        if not _pg_trgm_present(conn):
            return None
        return select(Customer.id).where(Customer.name.ilike(_like_any(fragment), escape="\\"))
    if len(fragment) <= 2:
        return select(Customer.id).where(_pg_grams([fragment]))
    return select(Customer.id).where(_pg_grams(_bigrams(fragment)), like)


__all__ = [
    "FTS_TABLE", "GRAM_CHARS", "include_name", "install", "name_fragment_ids",
    "rebuild_search_index", "search_index_live", "search_index_suspended",
    "suspend_search_index", "uninstall",
]
