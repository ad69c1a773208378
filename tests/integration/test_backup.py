"""Backups that restore: online backup, checked restore, rolling backups on exit, pg_dump."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import threading
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from crm import cli
from crm.domain.actors import Actor
from crm.domain.compliance import SHANGHAI
from crm.domain.errors import UserError
from crm.models import AuditEvent, Base, Customer
from crm.persistence.engine import connect
from crm.services.backup import backup_sqlite, restore_sqlite, rolling_backup
from crm.services.dbcopy import table_checksum
from crm.services.demo import seed_demo
from tests import factories


@pytest.fixture
def live(sqlite_url):
    db = connect(sqlite_url)
    seed_demo(db, 30, seed=3, today=date(2026, 11, 30))
    yield db
    db.dispose()


def customers(db) -> int:
    with db.sessions() as s:
        return s.scalar(select(func.count()).select_from(Customer))


def path_of(db) -> Path:
    return Path(db.url.database)


def test_backup_is_consistent_while_another_program_writes(live, tmp_path):
    writer = sqlite3.connect(path_of(live), check_same_thread=False)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE customers SET notes = '未提交的修改'")
    # the other program finishes a moment later; the backup's own audit entry waits for it
    later = threading.Timer(1.0, writer.rollback)
    later.start()
    manifest = backup_sqlite(live, tmp_path / "b.sqlite3", Actor.cli())
    later.join()
    writer.close()
    assert manifest["row_counts"]["customers"] == 30 and len(manifest["sha256"]) == 64
    with sqlite3.connect(tmp_path / "b.sqlite3") as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one file
        assert conn.execute("SELECT count(*) FROM customers WHERE notes = '未提交的修改'"
                            ).fetchone()[0] == 0
    saved = json.loads((tmp_path / "b.sqlite3.manifest.json").read_text(encoding="utf-8"))
    assert saved["schema_revision"] == manifest["schema_revision"]


def test_restore_checks_a_new_file_then_swaps_it_in(live, tmp_path):
    backup_sqlite(live, tmp_path / "b.sqlite3", Actor.cli())
    factories.customer(live, "备份后新增")
    live.dispose()
    target = path_of(live)
    result = restore_sqlite(tmp_path / "b.sqlite3", target)
    assert result.previous == target.with_name(target.name + ".before-restore")
    restored = connect(f"sqlite:///{target}")
    assert customers(restored) == 30
    with restored.sessions() as s:
        assert s.scalar(select(AuditEvent.summary).where(AuditEvent.action == "restore"))
    restored.dispose()
    before = connect(f"sqlite:///{result.previous}")
    assert customers(before) == 31      # what was there is kept, not lost
    before.dispose()
    assert not list(target.parent.glob("*.restoring"))


def _damaged(live, tmp_path, how: str) -> Path:
    out = tmp_path / "b.sqlite3"
    backup_sqlite(live, out, Actor.cli())
    manifest_file = tmp_path / "b.sqlite3.manifest.json"
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    if how == "bytes":
        data = bytearray(out.read_bytes())
        data[8192:8200] = b"XXXXXXXX"
        out.write_bytes(bytes(data))
    elif how == "counts":   # a manifest that does not describe this file
        manifest.pop("sha256")
        manifest["row_counts"]["customers"] = 31
        manifest_file.write_text(json.dumps(manifest), encoding="utf-8")
    elif how == "manifest":
        manifest_file.unlink()
    return out


@pytest.mark.parametrize("how, message", [
    ("bytes", "校验值不符"), ("counts", "行数与清单不符：customers 30 行（清单 31 行）"),
    ("manifest", "找不到备份清单")])
def test_a_bad_backup_is_refused_and_the_database_left_alone(live, tmp_path, how, message):
    bad = _damaged(live, tmp_path, how)
    factories.customer(live, "恢复前的客户")
    live.dispose()
    with pytest.raises(UserError, match=message):
        restore_sqlite(bad, path_of(live))
    again = connect(str(live.url))
    assert customers(again) == 31
    again.dispose()
    assert not path_of(live).with_name(path_of(live).name + ".before-restore").exists()


def test_restore_refuses_a_database_in_use(live, tmp_path):
    backup_sqlite(live, tmp_path / "b.sqlite3", Actor.cli())
    other = sqlite3.connect(path_of(live))
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(UserError, match="正在被其他程序使用"):
            restore_sqlite(tmp_path / "b.sqlite3", path_of(live))
    finally:
        other.rollback()
        other.close()


def test_restore_on_the_command_line(live, tmp_path, capsys):
    backup_sqlite(live, tmp_path / "b.sqlite3", Actor.cli())
    live.dispose()
    assert cli.main(["--db", str(live.url), "restore", "--from", str(tmp_path / "b.sqlite3")]) == 0
    out = capsys.readouterr().out
    assert "校验一致" in out and "before-restore" in out
    assert cli.main(["restore", "--from", str(tmp_path / "none.sqlite3"),
                     "--to", str(path_of(live))]) == 1
    assert "找不到备份文件" in capsys.readouterr().err


def test_rolling_backups_keep_7_daily_and_4_weekly(live, tmp_path):
    folder = tmp_path / "backups"
    start = datetime(2026, 10, 1, 18, 0, tzinfo=SHANGHAI)
    for n in range(40):
        for hour in (0, 3):   # two exits a day
            rolling_backup(live, folder, start + timedelta(days=n, hours=hour))
    files = sorted(p.name for p in folder.glob("crm-*.sqlite3"))
    manifests = sorted(p.name for p in folder.glob("*.manifest.json"))
    assert 7 <= len(files) <= 11 and manifests == [f + ".manifest.json" for f in files]
    assert files[-1] == "crm-20261109-210000.sqlite3"   # the newest exit, local time
    assert "crm-20261109-180000.sqlite3" not in files   # the earlier exit that day went
    ok = sqlite3.connect(folder / files[0]).execute("PRAGMA integrity_check").fetchone()[0]
    assert ok == "ok"


def test_a_failed_rolling_backup_is_an_error_not_silence(live, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(UserError, match="备份失败"):
        rolling_backup(live, blocker, datetime(2026, 12, 3, 18, tzinfo=SHANGHAI))


# --- PostgreSQL: pg_dump / pg_restore, as the README says -------------------------------------------

def test_pg_dump_and_pg_restore_round_trip(pg_cluster, pg_url, tmp_path):
    from tests.pgcluster import _bin

    db = connect(pg_url)
    seed_demo(db, 30, seed=5, today=date(2026, 11, 30))
    with db.engine.connect() as conn:
        before = {t.name: table_checksum(conn, t) for t in Base.metadata.sorted_tables}
    db.dispose()
    dump = tmp_path / "crm.dump"
    url = db.url
    common = ["-h", url.host, "-p", str(url.port), "-U", url.username]
    subprocess.run([_bin("pg_dump"), *common, "-Fc", "-f", str(dump), url.database],
                   check=True, capture_output=True, timeout=120)
    engine = create_engine(pg_cluster.url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("CREATE DATABASE restored_from_dump"))
    engine.dispose()
    subprocess.run([_bin("pg_restore"), *common, "--no-owner", "-d", "restored_from_dump",
                    str(dump)], check=True, capture_output=True, timeout=120)
    restored = connect(pg_cluster.url_for("restored_from_dump"))
    with restored.engine.connect() as conn:
        after = {t.name: table_checksum(conn, t) for t in Base.metadata.sorted_tables}
    assert after == before and after["customers"][0] == 30
    assert factories.customer(restored, "恢复后新增") > 0   # sequences came along
    restored.dispose()
