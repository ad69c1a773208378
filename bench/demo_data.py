"""Benchmark: seed_demo on a fresh SQLite file against a bare sqlite3 executemany reference.

    python bench/demo_data.py [SIZE]        (default 100000 customers)

The reference inserts the same number of customer and loan rows (same column counts) with
plain sqlite3 executemany into unindexed tables in another file, with the app's pragmas,
in batches of 5,000 and one transaction. The last line is one JSON object.
"""
from __future__ import annotations

import json
import sqlite3
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from crm.persistence.engine import connect  # noqa: E402
from crm.persistence.migrate import upgrade  # noqa: E402
from crm.services.demo import _COLUMNS, BATCH, seed_demo  # noqa: E402

TODAY = date(2026, 1, 15)


def bare_reference(path: Path, customers: int, loans: int) -> float:
    """Seconds for a bare executemany of the same rows into plain tables (values premade)."""
    cc, lc = len(_COLUMNS["customers"]), len(_COLUMNS["loans"])
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    con.execute(f"CREATE TABLE c ({', '.join(f'c{i}' for i in range(cc))})")
    con.execute(f"CREATE TABLE l ({', '.join(f'c{i}' for i in range(lc))})")
    customer = (1, "330106198001010012", "张伟", "zhangwei", "zw", "0012", "M", "1980-01-01",
                "+8613800138000", 1, "8000", None, "杭州市西湖区文三路100号", "西湖区", 30.25,
                120.13, "企业职员", "杭州远景软件股份有限公司", 8000.0, None, 100000.0, 700, None,
                None, "贷后管理、客户服务及风险评估", "2024-01-01 02:00:00.000000", 4, 1, "普通",
                100000.0, 0.0, 0, "normal", None, None)
    loan = (1, "JJ202400000001", 1, "个人消费贷", 120000.0, 100000.0, 0.0435, "2024-01-01",
            "2027-01-01", "equal_instalment", 0, 0.0, "normal", None, None, "家庭装修", "active")
    assert len(customer) == cc and len(loan) == lc
    c_sql = f"INSERT INTO c VALUES ({', '.join('?' * cc)})"
    l_sql = f"INSERT INTO l VALUES ({', '.join('?' * lc)})"
    started = time.perf_counter()
    con.execute("BEGIN")
    for table_sql, row, total in ((c_sql, customer, customers), (l_sql, loan, loans)):
        for done in range(0, total, BATCH):
            con.executemany(table_sql, [row] * min(BATCH, total - done))
    con.execute("COMMIT")
    seconds = time.perf_counter() - started
    con.close()
    return seconds


def main(argv: list[str]) -> int:
    size = int(argv[1]) if len(argv) > 1 else 100_000
    with tempfile.TemporaryDirectory(prefix="crm-bench-") as tmp:
        db = connect(f"sqlite:///{Path(tmp) / 'demo.sqlite3'}")
        upgrade(db)
        started = time.perf_counter()
        summary = seed_demo(db, size, seed=1, today=TODAY)
        seconds = time.perf_counter() - started
        db_file = Path(tmp) / "demo.sqlite3"
        megabytes = sum(p.stat().st_size for p in Path(tmp).glob("demo.sqlite3*")) / 2**20
        db.dispose()
        bare = bare_reference(Path(tmp) / "bare.sqlite3", summary.customers, summary.loans)
        assert db_file.exists()
    print(f"seed_demo: {summary.customers:,} customers, {summary.loans:,} loans, "
          f"{summary.contacts:,} contacts, {summary.visits:,} visits, "
          f"{summary.responses:,} survey responses, {summary.feedback:,} feedback, "
          f"{summary.tasks:,} tasks")
    print(f"seed_demo: {seconds:.2f} s ({summary.customers / seconds:,.0f} customers/s), "
          f"database {megabytes:,.0f} MB")
    print(f"bare sqlite3 executemany of {summary.customers + summary.loans:,} customer+loan rows:"
          f" {bare:.2f} s")
    print(f"ratio {seconds / bare:.2f}")
    print(json.dumps({"bench": "demo_data", "customers": summary.customers,
                      "loans": summary.loans, "seconds": round(seconds, 3),
                      "bare_s": round(bare, 3), "ratio": round(seconds / bare, 2)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
