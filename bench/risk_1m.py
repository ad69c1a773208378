"""Risk recompute over the demo database: full, again (nothing changed), and incremental.

    python bench/risk_1m.py [SIZE] [--backend sqlite|postgresql] [--rebuild]   (default 1,000,000)

The demo database is the one bench/search_1m.py caches in $TMPDIR/crm-bench (built once,
~100 s per million customers). On SQLite every run scores a fresh copy of it, so the full
recompute is a first one (every customer's level and segment written, first alerts and
revisit tasks); on PostgreSQL the previous run's outputs are deleted first.
- floor: one bare SQL pass, GROUP BY customer over loans and contacts (max overdue days, sum
  of overdue amount, last contact), every row fetched: the least any recompute must read.
- recompute_s: the full recompute (crm.services.risk.recompute); ratio = recompute / floor.
- again_s: the same recompute once more (no data changed: nothing written; customers with a
  signal whose data did not move skip the rules).
- daily_s: a full recompute the next day, data unchanged (the morning run: overdue customers'
  days since contact move, windows slide, revisit tasks fall due).
- write_floor_s: one bare UPDATE of every customer's result columns (level, score, reasons,
  segment), rolled back: what a first recompute must write at least, for scale.
- incremental_1000_s: 1,000 customers' loans made one day more overdue, then recompute(ids)
  (on the next day's clock).
Last line: {"bench": "risk_1m", "customers", "recompute_s", "floor_s", "ratio",
"incremental_1000_s", "peak_rss_mb", ...}
"""
from __future__ import annotations

import argparse
import json
import resource
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from search_1m import CACHE, TODAY, postgresql_database, sqlite_database  # noqa: E402

FLOOR = """
SELECT c.id, l.max_days, l.overdue, k.last_contact
FROM customers c
LEFT JOIN (SELECT customer_id, MAX(overdue_days) AS max_days, SUM(overdue_amount) AS overdue
           FROM loans GROUP BY customer_id) l ON l.customer_id = c.id
LEFT JOIN (SELECT customer_id, MAX(contacted_at) AS last_contact
           FROM contact_records GROUP BY customer_id) k ON k.customer_id = c.id
"""
RESET = (  # what a recompute wrote, for a fresh start on PostgreSQL
    "DELETE FROM risk_alert_events", "DELETE FROM risk_alerts", "DELETE FROM risk_scores",
    "DELETE FROM tasks WHERE source_type = 'risk_segment'",
    "UPDATE customers SET risk_score = NULL, risk_level = NULL, risk_reasons = NULL, "
    "risk_rule_version = NULL WHERE risk_level IS NOT NULL",
    "UPDATE loans SET suggested_class = NULL WHERE suggested_class IS NOT NULL",
)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def floor_seconds(db) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(3):
        with db.engine.connect() as conn:
            start = time.perf_counter()
            rows = conn.exec_driver_sql(FLOOR).fetchall()
            best = min(best, time.perf_counter() - start)
        assert rows
    return best


WRITE_FLOOR = ("UPDATE customers SET risk_score = 0, risk_level = 'low', risk_rule_version = 0, "
               "risk_reasons = '[]', segment = '-'")


def write_floor_seconds(db) -> float:  # type: ignore[no-untyped-def]
    """One bare UPDATE of the result columns of every customer, rolled back: the least a first
    recompute must write (the customers' indexes on level and segment included)."""
    with db.engine.connect() as conn:
        trans = conn.begin()
        start = time.perf_counter()
        conn.exec_driver_sql(WRITE_FLOOR)
        took = time.perf_counter() - start
        trans.rollback()
    return took


def run(db, size: int) -> dict:  # type: ignore[no-untyped-def]
    from datetime import datetime, timedelta, timezone

    from sqlalchemy import func, select, text

    from crm.domain.actors import Actor
    from crm.models import Customer
    from crm.services.risk import recompute

    now = datetime(TODAY.year, TODAY.month, TODAY.day, 2, 0, tzinfo=timezone.utc)
    actor = Actor.cli()
    floor = floor_seconds(db)
    print(f"floor (GROUP BY customer over loans + contacts): {floor:.2f} s", flush=True)
    write_floor = write_floor_seconds(db)
    print(f"write floor (one UPDATE of every customer's result columns): {write_floor:.2f} s",
          flush=True)

    def progress(done: int, total: int, _label: str) -> None:
        if done == total or done % 200_000 < 20_000:
            print(f"  {done:,}/{total:,}", flush=True)

    start = time.perf_counter()
    first = recompute(db, actor, progress=progress, now=now)
    full = time.perf_counter() - start
    print(f"full recompute: {full:.2f} s — {first.summary()}", flush=True)
    start = time.perf_counter()
    again = recompute(db, actor, now=now)
    again_s = time.perf_counter() - start
    print(f"again, nothing changed: {again_s:.2f} s ({again.changed} changed)", flush=True)
    now += timedelta(days=1)
    start = time.perf_counter()
    daily = recompute(db, actor, now=now)
    daily_s = time.perf_counter() - start
    print(f"the next day, data unchanged: {daily_s:.2f} s — {daily.summary()}", flush=True)

    with db.sessions() as s:
        n = s.scalar(select(func.count()).select_from(Customer)) or 0
        step = max(1, n // 1000)
        ids = list(s.scalars(select(Customer.id).order_by(Customer.id)))[::step][:1000]
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE loans SET overdue_days = overdue_days + 1 "
                          "WHERE customer_id IN (%s)" % ",".join(map(str, ids))))
    start = time.perf_counter()
    inc = recompute(db, actor, ids, now=now)
    inc_s = time.perf_counter() - start
    print(f"incremental, 1,000 changed customers: {inc_s:.3f} s ({inc.changed} changed)")
    return {"bench": "risk_1m", "customers": first.customers, "recompute_s": round(full, 2),
            "floor_s": round(floor, 2), "ratio": round(full / floor, 2),
            "incremental_1000_s": round(inc_s, 3), "peak_rss_mb": round(peak_rss_mb(), 1),
            "again_s": round(again_s, 2), "again_ratio": round(again_s / floor, 2),
            "daily_s": round(daily_s, 2), "daily_ratio": round(daily_s / floor, 2),
            "daily_skipped": daily.skipped,
            "customers_per_s": round(first.customers / full), "alerts": first.alerts,
            "write_floor_s": round(write_floor, 2),
            "phases_s": {k: round(v, 1) for k, v in sorted(first.phases.items())},
            "again_phases_s": {k: round(v, 2) for k, v in sorted(again.phases.items())},
            "daily_phases_s": {k: round(v, 2) for k, v in sorted(daily.phases.items())},
            "incremental_phases_s": {k: round(v, 3) for k, v in sorted(inc.phases.items())},
            "tasks": first.tasks, "history_rows": first.history_rows,
            "backend": db.backend}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("size", nargs="?", type=int, default=1_000_000)
    ap.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    ap.add_argument("--rebuild", action="store_true")
    args = ap.parse_args()
    from sqlalchemy import text

    from crm.persistence.engine import connect

    if args.backend == "sqlite":
        with sqlite_database(args.size, args.rebuild) as pristine:
            source = Path(pristine.engine.url.database or "")
        work = CACHE / f"risk-{args.size}.work.sqlite3"
        for p in (work, work.with_name(work.name + "-wal"), work.with_name(work.name + "-shm")):
            p.unlink(missing_ok=True)
        shutil.copyfile(source, work)
        db = connect(f"sqlite:///{work}")
        try:
            figures = run(db, args.size)
        finally:
            db.dispose()
            work.unlink(missing_ok=True)
    else:
        with postgresql_database(args.size, args.rebuild) as db:
            with db.engine.begin() as conn:
                for stmt in RESET:
                    conn.execute(text(stmt))
            figures = run(db, args.size)
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
