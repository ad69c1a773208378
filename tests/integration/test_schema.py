"""Migrations build the schema the models describe, on SQLite and PostgreSQL, and refuse newer."""
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from crm.domain.errors import DatabaseTooNew
from crm.models import Base
from crm.persistence.engine import connect
from crm.persistence.migrate import _alembic_upgrade, known_revisions, upgrade


from crm.persistence import search_index  # noqa: E402


def test_models_and_migrations_agree(db):
    with db.engine.connect() as conn:
        # the search index (FTS5 on SQLite, trigram GIN on PostgreSQL) has no model
        ctx = MigrationContext.configure(conn, opts={"compare_type": True,
                                                     "compare_server_default": False,
                                                     "include_name": search_index.include_name})
        assert compare_metadata(ctx, Base.metadata) == []


def test_upgrade_is_idempotent_and_reports_current(db):
    assert upgrade(db) == "current"


def test_a_database_newer_than_the_code_is_refused(db):
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    with pytest.raises(DatabaseTooNew, match="比本程序新"):
        upgrade(db)


def test_downgrade_then_upgrade_round_trips(tmp_path):
    db = connect(f"sqlite:///{tmp_path / 'r.sqlite3'}")
    assert upgrade(db) == "created"
    with db.engine.begin() as conn:
        from alembic import command
        from alembic.config import Config
        from crm.paths import MIGRATIONS

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
    with db.engine.connect() as conn:
        tables = conn.execute(text("SELECT name FROM sqlite_master WHERE type='table'")).scalars().all()
    assert set(tables) <= {"alembic_version"}
    assert upgrade(db) == "created"
    assert upgrade(db) == "current"
    db.dispose()


def test_one_head():
    revisions, head = known_revisions()
    assert head in revisions
    assert callable(_alembic_upgrade)
