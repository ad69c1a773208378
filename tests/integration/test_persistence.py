"""The database layer: audit is append-only, stale saves conflict, bad databases say so clearly."""
import os
import stat

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from crm.domain.actors import Actor
from crm.domain.errors import (
    ConflictError, DatabaseCorrupt, DatabaseReadOnly, DatabaseUnavailable,
)
from crm.models import Customer
from crm.persistence.engine import connect, parse_url, resolve_url
from crm.persistence.migrate import upgrade
from tests import factories


def test_audit_events_cannot_be_edited_or_deleted(db):
    factories.branch(db)  # writes one create event
    for sql in ("UPDATE audit_events SET summary = 'x'", "DELETE FROM audit_events"):
        with pytest.raises(DBAPIError, match="append-only"):
            with db.engine.begin() as conn:
                conn.execute(text(sql))
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM audit_events")).scalar() == 1


def test_stale_commit_raises_conflict(db):
    cid = factories.customer(db, "李四")
    with db.uow(Actor.cli()) as first:
        a = first.session.get(Customer, cid)
        with pytest.raises(ConflictError):
            with db.uow(Actor.cli()) as second:
                b = second.session.get(Customer, cid)
                a.name = "李四甲"
                first.commit()
                b.name = "李四乙"
                second.commit()
    with db.uow(Actor.cli()) as uow:
        assert uow.session.get(Customer, cid).name == "李四甲"


def test_money_is_exact_decimal(db):
    from decimal import Decimal

    from sqlalchemy import func, select

    for _ in range(3):
        cid = factories.customer(db)
        with db.uow(Actor.cli()) as uow:
            uow.session.get(Customer, cid).overdue_amount = Decimal("0.10")
            uow.commit()
    with db.uow(Actor.cli()) as uow:
        total = uow.session.scalar(select(func.sum(Customer.overdue_amount)))
    assert total == Decimal("0.30") and isinstance(total, Decimal)


def test_url_resolution_order(monkeypatch):
    monkeypatch.delenv("CRM_DB_URL", raising=False)
    assert resolve_url(None).endswith("db/crm.sqlite3")
    monkeypatch.setenv("CRM_DB_URL", "sqlite:///env.db")
    assert resolve_url(None) == "sqlite:///env.db"
    assert resolve_url("sqlite:///cli.db") == "sqlite:///cli.db"
    assert parse_url("postgresql://u@h/d").drivername == "postgresql+psycopg"


def test_unreachable_server_is_a_clear_message():
    db = connect("postgresql://nobody@127.0.0.1:1/none")
    with pytest.raises(DatabaseUnavailable, match="无法连接数据库服务器"):
        db.check()
    db.dispose()


def test_corrupt_sqlite_file_is_a_clear_message(tmp_path):
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"this is not a database at all" * 100)
    db = connect(f"sqlite:///{bad}")
    with pytest.raises(DatabaseCorrupt, match="损坏"):
        db.check()
    db.dispose()


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_read_only_directory_is_a_clear_message(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(stat.S_IRUSR | stat.S_IXUSR)
    with pytest.raises(DatabaseReadOnly, match="不可写"):
        connect(f"sqlite:///{ro / 'x.sqlite3'}")


def test_read_only_directory_check_without_permissions(tmp_path, monkeypatch):
    """Same check as above, simulated so it also runs as root (CI)."""
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    with pytest.raises(DatabaseReadOnly, match="不可写"):
        connect(f"sqlite:///{tmp_path / 'x.sqlite3'}")


def test_read_only_database_file_write_is_a_clear_message(tmp_path, monkeypatch):
    path = tmp_path / "ro.sqlite3"
    db = connect(f"sqlite:///{path}")
    upgrade(db)
    db.dispose()
    ro = connect(f"sqlite:///file:{path}?mode=ro&uri=true")
    with pytest.raises(DatabaseReadOnly, match="只读"):
        factories.branch(ro)
    ro.dispose()
