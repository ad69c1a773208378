"""Schema migrations: upgrade at start, refuse a database newer than the code."""
from __future__ import annotations

import re
from functools import lru_cache

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from crm.domain.errors import DatabaseError, DatabaseTooNew, DatabaseUnavailable
from crm.paths import MIGRATIONS
from crm.persistence.engine import Database
from crm.persistence.errors import translate

_REV = re.compile(r"^revision\s*=\s*['\"](\w+)['\"]", re.M)
_DOWN = re.compile(r"^down_revision\s*=\s*['\"](\w+)['\"]", re.M)


@lru_cache(maxsize=1)
def known_revisions() -> tuple[frozenset[str], str]:
    """All revision ids and the head, read from the files without importing Alembic (fast start)."""
    revs: set[str] = set()
    downs: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        src = path.read_text(encoding="utf-8")
        if m := _REV.search(src):
            revs.add(m.group(1))
        if m := _DOWN.search(src):
            downs.add(m.group(1))
    heads = revs - downs
    if len(heads) != 1:
        raise RuntimeError(f"migrations must have one head, found {sorted(heads)}")
    return frozenset(revs), heads.pop()


def current_revision(conn: Connection) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _alembic_upgrade(conn: Connection, target: str = "head") -> None:
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, target)


def upgrade(db: Database) -> str:
    """Bring the schema to the code's head; returns 'current', 'created' or 'upgraded'."""
    revisions, head = known_revisions()
    try:
        with db.engine.connect() as conn:
            current = current_revision(conn)
            if current == head:
                return "current"
            if current is not None and current not in revisions:
                raise DatabaseTooNew(
                    f"数据库（{db.description}）的结构版本 {current} 比本程序新。"
                    "请升级本程序后再打开此数据库，以免损坏数据。")
            if current is None and set(inspect(conn).get_table_names()) - {"alembic_version"}:
                raise DatabaseError(f"{db.description} 不是本系统的数据库（已有其他数据表）。")
        with db.engine.begin() as conn:
            _alembic_upgrade(conn)
        if db.engine.dialect.name == "sqlite":
            # the migration switched foreign keys off on its connection (see migrations/env.py)
            # and SQLite only lets them back on outside the transaction: start every pooled
            # connection afresh, with the usual pragmas
            db.engine.dispose()
    except DBAPIError as exc:
        raise (translate(exc, db.description) or
               DatabaseUnavailable(f"无法升级数据库（{db.description}）：{exc.orig}")) from exc
    return "created" if current is None else "upgraded"
