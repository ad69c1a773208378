"""Alembic environment: runs on the connection crm.persistence.migrate hands over."""
from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from crm.models import Base

config = context.config
target_metadata = Base.metadata


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:  # plain `alembic` command line: build our own engine
        from crm.persistence.engine import parse_url, resolve_url

        engine = create_engine(parse_url(resolve_url(config.get_main_option("sqlalchemy.url"))))
        with engine.begin() as conn:
            _configure(conn)
        return
    _configure(connection)


from crm.persistence import search_index  # noqa: E402


def _configure(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_name=search_index.include_name,   # autogenerate must not drop the search index
    )
    if connection.dialect.name != "sqlite":
        with context.begin_transaction():
            context.run_migrations()
        return
    # Batch mode rebuilds a SQLite table (copy, DROP, rename). With foreign keys ON, dropping
    # customers while contacts point at it fails on any real database, so the checks are off
    # while migrating (the pragma only takes effect outside a transaction: pysqlite starts
    # none for DDL) and every reference is verified before they are switched back on.
    connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    try:
        with context.begin_transaction():
            context.run_migrations()
        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(f"migration left {len(broken)} broken references, e.g. {broken[:3]}")
    finally:
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")

run()
