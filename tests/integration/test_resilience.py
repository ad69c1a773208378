"""Resilience: a killed import, a full disk, a read-only or corrupt file, skewed PC clocks.
Real processes where a process dies (tests/integration/procs.py)."""
from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import event, func, select, text

from crm.domain.actors import Actor
from crm.domain.errors import DatabaseCorrupt, DatabaseError, DatabaseReadOnly
from crm.importing import engine, fields, reader
from crm.models import AuditEvent, Customer, ImportBatch, Loan
from crm.persistence.engine import connect
from tests import factories
from tests.integration import procs


def table_counts(db):
    with db.sessions() as s:
        return {m.__tablename__: s.scalar(select(func.count()).select_from(m))
                for m in (Customer, Loan, ImportBatch, AuditEvent)}


def run(db, path):
    src = reader.open_source(path)
    return engine.run_import(db, Actor.cli(), src, fields.detect_mapping(src.headers))


def cli(url, *args):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("CRM_DB_URL", None)
    return subprocess.run([sys.executable, "-m", "crm", "--db", url, *args], cwd=procs.ROOT,
                          env=env, capture_output=True, text=True, timeout=120)


# --- kill -9 halfway ---------------------------------------------------------------------------

def test_import_killed_halfway_leaves_the_database_unchanged_and_reimport_works(db, tmp_path):
    url = db.url.render_as_string(hide_password=False)
    run(db, procs.loan_file(tmp_path / "first.xlsx", 0, 100))
    before = table_counts(db)
    big = procs.loan_file(tmp_path / "big.xlsx", 50, 1500)
    hold = tmp_path / "writing"
    worker = procs.spawn("import", url, str(big), "300", str(hold), "60")
    procs.wait_for(hold, worker)  # rows are being written inside the import's transaction
    procs.kill9(worker)
    assert worker.returncode == -9
    assert table_counts(db) == before
    if db.backend == "sqlite":
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    rep = run(db, big)  # on PostgreSQL the killed backend's import lock went with it
    assert rep.counts["loans_inserted"] == 1400 and rep.counts["rejected"] == 0
    assert table_counts(db)["loans"] == 1500


# --- a full disk -------------------------------------------------------------------------------

def test_full_disk_is_a_clear_message_and_no_corruption(sqlite_url, tmp_path):
    db = connect(sqlite_url)
    run(db, procs.loan_file(tmp_path / "small.xlsx", 0, 20))
    before = table_counts(db)
    with db.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
    db.dispose()
    full = connect(sqlite_url)

    @event.listens_for(full.engine, "connect")
    def tiny(dbapi_conn, _record):  # the file may grow by 20 pages, then the "disk" is full
        dbapi_conn.execute(f"PRAGMA max_page_count={pages + 20}")

    with pytest.raises(DatabaseError, match="磁盘空间已满，数据未保存"):
        run(full, procs.loan_file(tmp_path / "big.xlsx", 0, 3000))
    full.dispose()
    db = connect(sqlite_url)
    assert table_counts(db) == before
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    assert run(db, tmp_path / "big.xlsx").counts["loans_inserted"] == 2980  # room again: works
    db.dispose()


def test_full_disk_on_the_command_line_is_one_line_without_traceback(sqlite_url, tmp_path):
    db = connect(sqlite_url)
    with db.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
    db.dispose()
    path = sqlite_url.removeprefix("sqlite:///")
    # max_page_count is per connection: the CLI process limits its own connections
    code = ("import sqlite3,sys\n"
            "from crm.persistence import engine\n"
            "orig = engine._sqlite_pragmas\n"
            f"def limited(c, r):\n    orig(c, r)\n    c.execute('PRAGMA max_page_count={pages + 20}')\n"
            "engine._sqlite_pragmas = limited\n"
            "from crm.cli import main\n"
            f"raise SystemExit(main(['--db', 'sqlite:///{path}', 'import', sys.argv[1]]))\n")
    big = procs.loan_file(tmp_path / "big.xlsx", 0, 3000)
    out = subprocess.run([sys.executable, "-c", code, str(big)], cwd=procs.ROOT, timeout=120,
                         capture_output=True, text=True,
                         env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert out.returncode == 1 and "磁盘空间已满" in out.stderr, out.stderr[-2000:]
    assert "Traceback" not in out.stderr
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


# --- read-only and corrupt files ---------------------------------------------------------------

def test_import_into_a_read_only_database_is_a_clear_message(sqlite_url, tmp_path):
    path = sqlite_url.removeprefix("sqlite:///")
    ro = connect(f"sqlite:///file:{path}?mode=ro&uri=true")
    with pytest.raises(DatabaseReadOnly, match="只读"):
        run(ro, procs.loan_file(tmp_path / "a.xlsx", 0, 10))
    ro.dispose()


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write a read-only file")
def test_read_only_file_permissions_are_a_clear_message(sqlite_url, tmp_path):
    path = sqlite_url.removeprefix("sqlite:///")
    os.chmod(path, stat.S_IRUSR)
    try:
        db = connect(sqlite_url)
        with pytest.raises(DatabaseReadOnly, match="只读"):
            factories.branch(db)
        db.dispose()
    finally:
        os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)


def test_corrupt_pages_are_a_clear_message_offering_the_backup(sqlite_url, tmp_path):
    db = connect(sqlite_url)
    run(db, procs.loan_file(tmp_path / "a.xlsx", 0, 400))
    db.dispose()
    path = sqlite_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as conn:  # fold the WAL in, so the damage below is what is read
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode=DELETE")
    data = bytearray(Path(path).read_bytes())
    page = 4096
    for start in range(page * 3, len(data) - page, page * 2):  # every other page after the third
        data[start:start + page] = os.urandom(page)
    Path(path).write_bytes(bytes(data))
    db = connect(sqlite_url)
    with pytest.raises(DatabaseCorrupt, match="损坏.*备份恢复"):
        with db.uow(Actor.cli()) as uow:
            uow.session.execute(select(Customer.name, Customer.phone)).all()
            uow.session.execute(select(Loan.loan_no, Loan.balance)).all()
            uow.session.execute(text("PRAGMA integrity_check")).all()
    db.dispose()
    out = cli(sqlite_url, "export", "loans", "--out", str(tmp_path / "l.xlsx"))
    assert out.returncode == 1 and "损坏" in out.stderr and "Traceback" not in out.stderr, \
        out.stderr[-2000:]


def test_not_a_database_on_the_command_line(tmp_path):
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"not a database" * 500)
    out = cli(f"sqlite:///{bad}", "export", "customers", "--out", str(tmp_path / "c.xlsx"))
    assert out.returncode == 1 and "损坏" in out.stderr and "Traceback" not in out.stderr


# --- clock skew between PCs (PostgreSQL) -------------------------------------------------------

class _Skewed(datetime):
    @classmethod
    def now(cls, tz=None):  # this PC's clock is three hours fast
        return datetime.now(tz) + timedelta(hours=3)


def test_row_times_come_from_the_database_server_not_the_pc(pg_url, monkeypatch, tmp_path):
    db = connect(pg_url)
    monkeypatch.setattr("crm.models.base.datetime", _Skewed)
    cid = factories.customer(db, "钟表")
    with db.uow(Actor.cli()) as uow:
        uow.session.get(Customer, cid).occupation = "教师"
        uow.commit()
    run(db, procs.loan_file(tmp_path / "a.xlsx", 0, 4))
    with db.sessions() as s:
        server = s.scalar(text("SELECT now()")).astimezone(timezone.utc)
        c = s.get(Customer, cid)
        batch = s.scalars(select(ImportBatch)).one()
        times = [c.created_at, c.updated_at, batch.started_at,
                 *s.scalars(select(AuditEvent.occurred_at))]
    for t in times:
        assert abs(t - server) < timedelta(minutes=5), (t, server)
    assert c.updated_at >= c.created_at
    db.dispose()
