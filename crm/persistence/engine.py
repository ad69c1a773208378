"""One function builds the engine from a URL; Database bundles it with its session factory."""
from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from crm.domain.actors import Actor
from crm.domain.errors import DatabaseReadOnly, DatabaseUnavailable
from crm.paths import DEFAULT_DB_FILE
from crm.persistence.errors import translate

if TYPE_CHECKING:
    from crm.persistence.uow import UnitOfWork

ENV_VAR = "CRM_DB_URL"
# SQLite's bounded retry: a writer waits this long for another program's write to finish,
# then the user is told another program is writing (crm.persistence.errors)
SQLITE_BUSY_MS = int(os.environ.get("CRM_SQLITE_BUSY_MS", "10000"))


def resolve_url(cli_url: str | None = None) -> str:
    """--db, then CRM_DB_URL, then the local file db/crm.sqlite3."""
    return cli_url or os.environ.get(ENV_VAR) or f"sqlite:///{DEFAULT_DB_FILE}"


def parse_url(raw: str) -> URL:
    try:
        url = make_url(raw.strip())
    except ArgumentError:
        raise DatabaseUnavailable(f"数据库地址格式不正确：{raw}") from None
    if url.drivername in ("postgresql", "postgres", "postgresql+psycopg2"):
        url = url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise DatabaseUnavailable(f"不支持的数据库类型：{url.get_backend_name()}（仅支持 SQLite 和 PostgreSQL）")
    return url


def describe(url: URL) -> str:
    """What the status bar shows: the SQLite file, or the PostgreSQL host and database."""
    if url.get_backend_name() == "sqlite":
        return f"SQLite：{url.database or '内存'}"
    return f"PostgreSQL：{url.host or 'localhost'}:{url.port or 5432}/{url.database}"


def _ours_or_empty(cur: sqlite3.Cursor) -> bool:
    """WAL is a property of the file; never switch another program's database to it."""
    tables = {r[0] for r in cur.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    return not tables or "alembic_version" in tables


def _sqlite_pragmas(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    try:
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
        cur.execute("PRAGMA foreign_keys=ON")
        mode = cur.execute("PRAGMA journal_mode").fetchone()[0]
        if mode != "wal" and mode != "memory" and _ours_or_empty(cur):
            cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
    finally:
        cur.close()


def _prepare_sqlite_file(url: URL) -> None:
    if not url.database or url.database == ":memory:":
        return
    path = Path(url.database)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseReadOnly(f"无法创建数据库所在的文件夹 {path.parent}：{exc.strerror}") from None
    if not path.exists() and not os.access(path.parent, os.W_OK):
        raise DatabaseReadOnly(f"文件夹 {path.parent} 不可写，无法创建数据库文件。")


def make_engine(url: URL) -> Engine:
    if url.get_backend_name() == "sqlite":
        _prepare_sqlite_file(url)
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # pool_pre_ping: a connection the server dropped (restart, pg_terminate_backend) is
    # replaced at the next checkout, so the next operation after an outage just works;
    # keepalives notice a dead server under a long transaction within about a minute
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5,
                         connect_args={"connect_timeout": 5, "application_name": "crm",
                                       "keepalives": 1, "keepalives_idle": 30,
                                       "keepalives_interval": 10, "keepalives_count": 3})


@dataclass
class Database:
    """An open database: the engine, its session factory, and what to call it."""

    url: URL
    engine: Engine
    sessions: sessionmaker[Session] = field(init=False)

    def __post_init__(self) -> None:
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def description(self) -> str:
        return describe(self.url)

    @property
    def backend(self) -> str:
        return self.url.get_backend_name()

    def uow(self, actor: Actor) -> "UnitOfWork":
        from crm.persistence.uow import UnitOfWork

        return UnitOfWork(self, actor)

    def check(self) -> None:
        """Connect once, so an unreachable or corrupt database is reported up front."""
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
                if self.backend == "sqlite":
                    conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
        except DBAPIError as exc:
            raise (translate(exc, self.description) or
                   DatabaseUnavailable(f"无法打开数据库（{self.description}）：{exc.orig}")) from exc

    def dispose(self) -> None:
        self.engine.dispose()


def connect(raw_url: str | None = None) -> Database:
    url = parse_url(resolve_url(raw_url))
    return Database(url, make_engine(url))
