"""The command line as a user runs it: a real `python -m crm` process, Chinese messages."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from crm.persistence.engine import connect
from crm.services.auth import sign_in

ROOT = Path(__file__).resolve().parents[2]
SUBCOMMANDS = ["db", "demo-data", "user", "branch", "import", "export", "briefing", "risk", "report",
               "backup"]


def crm(*args: str, db_url: str | None = None, stdin: str = "") -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("CRM_DB_URL", None)
    cmd = [sys.executable, "-m", "crm", *(["--db", db_url] if db_url else []), *args]
    return subprocess.run(cmd, cwd=ROOT, env=env, input=stdin, capture_output=True, text=True,
                          timeout=120)


@pytest.fixture
def url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'cli.sqlite3'}"


def test_help_lists_every_command_in_chinese():
    out = crm("--help")
    assert out.returncode == 0
    for name in SUBCOMMANDS:
        assert name in out.stdout
    assert "贷后管理" in out.stdout and "--db" in out.stdout


def test_db_upgrade_creates_then_reports_current(url):
    first = crm("db", "upgrade", db_url=url)
    assert first.returncode == 0, first.stderr
    assert "已创建数据库结构" in first.stdout
    again = crm("db", "upgrade", db_url=url)
    assert again.returncode == 0 and "已是最新" in again.stdout


def test_user_add_then_that_user_can_sign_in(url):
    no_branch = crm("user", "add", "wangli", "--role", "manager", "--password", "Abcdef12!",
                    db_url=url)
    assert no_branch.returncode == 1 and "支行" in no_branch.stderr
    made = crm("branch", "add", "0101", "杭州西湖支行", "--bank", "示例农商银行", db_url=url)
    assert made.returncode == 0 and "已新增支行 0101 杭州西湖支行" in made.stdout
    out = crm("user", "add", "wangli", "--role", "manager", "--display-name", "王丽",
              "--branch", "0101", "--password", "Abcdef12!", db_url=url)
    assert out.returncode == 0, out.stderr
    assert "已新增用户 wangli（客户经理）" in out.stdout
    db = connect(url)
    try:
        actor = sign_in(db, "wangli", "Abcdef12!")
        assert actor.display_name == "王丽"
    finally:
        db.dispose()


def test_user_add_rejects_a_weak_password_and_a_duplicate(url):
    weak = crm("user", "add", "li", "--role", "manager", "--password", "123", db_url=url)
    assert weak.returncode == 1 and weak.stderr.startswith("错误：")
    ok = crm("user", "add", "li", "--role", "admin", "--password", "Abcdef12!", db_url=url)
    assert ok.returncode == 0
    dup = crm("user", "add", "li", "--role", "admin", "--password", "Abcdef12!", db_url=url)
    assert dup.returncode == 1 and "错误：" in dup.stderr and "Traceback" not in dup.stderr


def test_user_add_without_password_and_without_terminal_says_how(url):
    out = crm("user", "add", "li", "--role", "manager", db_url=url)
    assert out.returncode == 1 and "--password" in out.stderr


def test_demo_data_if_empty_seeds_once(url):
    first = crm("demo-data", "--customers", "50", "--if-empty", db_url=url)
    assert first.returncode == 0, first.stderr
    assert "已生成 50 位客户" in first.stdout and "jingli01" in first.stdout
    second = crm("demo-data", "--customers", "50", "--if-empty", db_url=url)
    assert second.returncode == 0 and "已有数据" in second.stdout
    with sqlite3.connect(url.removeprefix("sqlite:///")) as con:
        assert con.execute("select count(*) from customers").fetchone()[0] == 50
        # scored once, as after a first import: every customer in one of the rule set's
        # segments, the overdue ones with alerts
        segments = {r[0] for r in con.execute("select distinct segment from customers")}
        assert segments and segments <= {"优质维护", "重点关注", "风险化解", "清收处置", "常规维护"}
        assert con.execute("select count(*) from risk_alerts").fetchone()[0] > 0
    assert "风险重算" in first.stdout


def test_a_sqlite_file_of_another_program_is_refused_untouched(tmp_path):
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as con:
        con.execute("create table invoices (id integer primary key, total real)")
    before = path.read_bytes()
    out = crm("db", "upgrade", db_url=f"sqlite:///{path}")
    assert out.returncode == 1 and "错误：" in out.stderr and "Traceback" not in out.stderr
    assert path.read_bytes() == before
    with sqlite3.connect(path) as con:
        tables = {r[0] for r in con.execute("select name from sqlite_master where type='table'")}
    assert tables == {"invoices"}


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path):
    path = tmp_path / "notes.sqlite3"
    path.write_text("这不是数据库" * 100, encoding="utf-8")
    out = crm("db", "upgrade", db_url=f"sqlite:///{path}")
    assert out.returncode == 1 and "错误：" in out.stderr and "Traceback" not in out.stderr


def test_an_unsupported_url_is_refused():
    out = crm("db", "upgrade", db_url="mysql://x@localhost/crm")
    assert out.returncode == 1 and "错误：" in out.stderr


def test_a_bad_report_month_is_refused_in_chinese(url):
    out = crm("report", "monthly", "--month", "2026-13", "--out", "x.pdf", db_url=url)
    assert out.returncode == 1 and "YYYY-MM" in out.stderr and "Traceback" not in out.stderr
