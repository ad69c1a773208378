"""Shared mode under concurrent work, with real separate processes (tests/integration/procs.py):
optimistic locking across processes, imports at the same time, SQLite readers beside a writer,
and a PostgreSQL server that goes away and comes back."""
from __future__ import annotations

import os

import pytest
from sqlalchemy import func, select, text

from crm.domain.actors import Actor
from crm.domain.errors import DatabaseUnavailable
from crm.models import Customer, Loan
from crm.persistence.engine import connect
from crm.persistence.migrate import upgrade
from tests import factories
from tests.integration import procs


def counts(db):
    with db.sessions() as s:
        return (s.scalar(select(func.count()).select_from(Customer)),
                s.scalar(select(func.count()).select_from(Loan)),
                s.scalar(select(func.count(func.distinct(Customer.id_number)))),
                s.scalar(select(func.count(func.distinct(Loan.loan_no)))))


# --- optimistic locking -----------------------------------------------------------------------

@pytest.mark.parametrize("mode", ["same", "apart"])
def test_two_processes_save_the_same_customer_one_wins_nothing_lost(pg_url, tmp_path, mode):
    db = connect(pg_url)
    cid = factories.customer(db, "原名")
    with db.sessions() as s:
        start = s.get(Customer, cid).version
    go = tmp_path / "go"
    workers = [procs.spawn("edit", pg_url, str(cid), name, str(tmp_path / f"ready{i}"), str(go),
                           mode) for i, name in enumerate(["甲方改名", "乙方改名"])]
    for i in range(2):
        procs.wait_for(tmp_path / f"ready{i}", *workers)
    go.write_text("1")
    results = [procs.result(w) for w in workers]
    assert sorted(r["result"] for r in results) == ["ConflictError", "ok"], results
    winner = next(i for i, r in enumerate(results) if r["result"] == "ok")
    loser = results[1 - winner]
    assert "已被其他人修改" in loser["message"] and "Traceback" not in loser["stderr"]
    assert all(r["read_version"] == start for r in results if "read_version" in r)
    with db.sessions() as s:
        c = s.get(Customer, cid)
        assert c.name == ["甲方改名", "乙方改名"][winner]  # the winner's edit is there, whole
        assert c.version == start + 1
    db.dispose()


# --- imports at the same time -----------------------------------------------------------------

def test_overlapping_imports_on_postgresql_wait_or_say_so_and_never_duplicate(pg_url, tmp_path):
    db = connect(pg_url)
    first = procs.loan_file(tmp_path / "a.xlsx", 0, 400)
    second = procs.loan_file(tmp_path / "b.xlsx", 200, 600)  # rows 200..399 in both
    hold = tmp_path / "holding"
    release = tmp_path / "release"
    a = procs.spawn("import", pg_url, str(first), "300", str(hold), str(release))
    procs.wait_for(hold, a)  # a is writing and holds the import lock until released
    impatient = procs.spawn("import", pg_url, str(second), "0.5")
    patient = procs.spawn("import", pg_url, str(second), "120")
    told = procs.result(impatient)
    release.write_text("1")
    assert told["result"] == "UserError" and "另一个导入正在进行" in told["message"], told
    ra, rb = procs.result(a), procs.result(patient)
    assert ra["result"] == "ok" and rb["result"] == "ok", (ra, rb)
    assert ra["counts"]["loans_inserted"] == 400
    # the waiting import saw the first one's rows: it added only the new ones
    assert rb["counts"]["loans_inserted"] == 200 and rb["counts"]["rejected"] == 0
    assert counts(db) == (300, 600, 300, 600)
    db.dispose()


def test_overlapping_imports_on_postgresql_both_waiting_end_without_duplicates(pg_url, tmp_path):
    db = connect(pg_url)
    files = [procs.loan_file(tmp_path / "a.xlsx", 0, 300),
             procs.loan_file(tmp_path / "b.xlsx", 100, 400)]
    workers = [procs.spawn("import", pg_url, str(f)) for f in files]
    results = [procs.result(w) for w in workers]
    assert [r["result"] for r in results] == ["ok", "ok"], results
    assert sum(r["counts"]["loans_inserted"] for r in results) == 400
    assert counts(db) == (200, 400, 200, 400)
    db.dispose()


def test_second_import_on_sqlite_is_told_another_program_is_writing(sqlite_url, tmp_path):
    db = connect(sqlite_url)
    hold = tmp_path / "holding"
    release = tmp_path / "release"
    a = procs.spawn("import", sqlite_url, str(procs.loan_file(tmp_path / "a.xlsx", 0, 200)),
                    "300", str(hold), str(release))
    procs.wait_for(hold, a)
    b = procs.spawn("import", sqlite_url, str(procs.loan_file(tmp_path / "b.xlsx", 100, 300)),
                    env={"CRM_SQLITE_BUSY_MS": "500"})
    rb = procs.result(b)
    release.write_text("1")
    ra = procs.result(a)
    assert ra["result"] == "ok"
    assert rb["result"] == "DatabaseUnavailable", rb
    assert "另一个程序写入" in rb["message"] and "Traceback" not in rb["stderr"]
    assert counts(db) == (100, 200, 100, 200)  # only the first import's rows
    db.dispose()


# --- SQLite: a reader beside a writer --------------------------------------------------------

def test_sqlite_reader_is_not_blocked_and_a_writer_gets_a_clear_message(sqlite_url, tmp_path):
    db = connect(sqlite_url)
    factories.customer(db, "客户甲")
    hold = tmp_path / "holding"
    release = tmp_path / "release"
    writer = procs.spawn("import", sqlite_url, str(procs.loan_file(tmp_path / "a.xlsx", 0, 200)),
                         "300", str(hold), str(release))
    reader = procs.spawn("read_and_write", sqlite_url, str(hold),
                         env={"CRM_SQLITE_BUSY_MS": "300"})
    got = procs.result(reader)
    release.write_text("1")
    assert procs.result(writer)["result"] == "ok"
    assert got["customers"] == 1 and got["found"] == 0  # read while the import was writing
    assert got["write"]["result"] == "DatabaseUnavailable", got
    assert "另一个程序写入" in got["write"]["message"]
    assert "Traceback" not in got["stderr"] and got["returncode"] == 0
    assert counts(db)[0] == 101
    db.dispose()


def test_sqlite_write_waits_for_a_short_write_instead_of_failing(sqlite_url, tmp_path):
    """The bounded retry: a write that finishes within the busy timeout is simply waited for."""
    db = connect(sqlite_url)
    hold = tmp_path / "holding"
    writer = procs.spawn("import", sqlite_url, str(procs.loan_file(tmp_path / "a.xlsx", 0, 50)),
                         "300", str(hold), "1")
    reader = procs.spawn("read_and_write", sqlite_url, str(hold),
                         env={"CRM_SQLITE_BUSY_MS": "20000"})
    got = procs.result(reader)
    assert procs.result(writer)["result"] == "ok"
    assert got["write"]["result"] == "ok", got
    db.dispose()


# --- the PostgreSQL connection drops -----------------------------------------------------------

def test_terminated_connections_are_replaced_on_the_next_operation(pg_url):
    db = connect(pg_url)
    factories.customer(db)
    admin = connect(pg_url)
    with db.sessions() as s:  # a pooled connection exists
        s.scalar(select(func.count()).select_from(Customer))
    with admin.engine.connect() as conn:
        killed = conn.execute(text(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()")).scalar()
    assert killed >= 1
    with db.uow(Actor.cli()) as uow:  # pool_pre_ping: no error at all
        assert uow.session.scalar(select(func.count()).select_from(Customer)) == 1
    db.dispose()
    admin.dispose()


def test_connection_killed_inside_a_transaction_is_a_clear_message_then_recovers(pg_url):
    db = connect(pg_url)
    cid = factories.customer(db, "断线前")
    admin = connect(pg_url)
    with pytest.raises(DatabaseUnavailable, match="连接中断") as caught:
        with db.uow(Actor.cli()) as uow:
            uow.session.get(Customer, cid).name = "断线中"
            uow.flush()
            pid = uow.session.scalar(text("SELECT pg_backend_pid()"))
            with admin.engine.connect() as conn:
                conn.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid})
            uow.commit()
    assert "重新连接" in caught.value.message
    with db.uow(Actor.cli()) as uow:  # the next operation reconnects; nothing half-saved
        c = uow.session.get(Customer, cid)
        assert c.name == "断线前"
        c.name = "断线后"
        uow.commit()
    with db.sessions() as s:
        assert s.get(Customer, cid).name == "断线后"
    db.dispose()
    admin.dispose()


@pytest.mark.pg
def test_server_restart_message_while_down_and_reconnect_after(tmp_path):
    """A private cluster, stopped and started again on the same port."""
    from tests.pgcluster import Cluster

    try:
        cluster = Cluster()
    except Exception as exc:  # noqa: BLE001
        if os.environ.get("CRM_TEST_PG") == "1":
            raise
        pytest.skip(f"no PostgreSQL server: {exc}")
    data = str(cluster.dir / "data")
    try:
        db = connect(cluster.url)
        upgrade(db)
        cid = factories.customer(db, "重启前")
        cluster._run(cluster.pg_ctl, "-D", data, "-m", "fast", "-w", "-t", "30", "stop")
        with pytest.raises(DatabaseUnavailable, match="连接") as caught:
            with db.uow(Actor.cli()) as uow:
                uow.session.get(Customer, cid)
        assert "Traceback" not in caught.value.message
        cluster._run(cluster.pg_ctl, "-D", data, "-l", str(cluster.dir / "log"), "-w", "-t", "60",
                     "-o", f"-p {cluster.port} -k {cluster.dir} -c listen_addresses=127.0.0.1 "
                     "-c fsync=off", "start")
        with db.uow(Actor.cli()) as uow:
            uow.session.get(Customer, cid).name = "重启后"
            uow.commit()
        with db.sessions() as s:
            assert s.get(Customer, cid).name == "重启后"
        db.dispose()
    finally:
        cluster.stop()
