"""The 报表 dashboard's data on the demo database: seconds per panel and in all.

    python bench/dashboard_1m.py [SIZE] [--backend sqlite|postgresql] [--user NAME] [--rebuild]
                                                                   (default 1,000,000)

The demo database is the one bench/search_1m.py caches in $TMPDIR/crm-bench. The branch
supervisor (zhuguan, who sees every demo customer) asks for the month that ends on the demo
data's "today" (2026-01): each panel of crm.queries.dashboard is timed on its own, as the
page loads them one after another off the UI thread; the median of 3 runs per panel after
one untimed warm-up (the page's second visit; the first run's figure is printed too).
The supervisor's filter holds every demo customer (one branch), so the panels take the
"whole book" path; --user jingli01 times a manager's own book (a fifth of the customers),
where every figure joins the customers in the filter.
Last line: {"bench": "dashboard_1m", "customers", "backend", "seconds_total", "panels",
"first_run_total", "user"}
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from search_1m import TODAY, postgresql_database, sqlite_database  # noqa: E402

RUNS = 3


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("size", nargs="?", type=int, default=1_000_000)
    ap.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    ap.add_argument("--user", default="zhuguan")
    ap.add_argument("--rebuild", action="store_true")
    args = ap.parse_args()

    from sqlalchemy import select

    from crm.models import User
    from crm.queries.dashboard import PANELS, DashboardFilter, panel
    from crm.services.auth import actor_for

    make = sqlite_database if args.backend == "sqlite" else postgresql_database
    with make(args.size, args.rebuild) as db:
        with db.sessions() as s:
            actor = actor_for(s.scalar(select(User).where(User.username == args.user)))
        flt = DashboardFilter.month(TODAY.year, TODAY.month)
        first: dict[str, float] = {}
        times: dict[str, list[float]] = {p: [] for p in PANELS}
        for run in range(RUNS + 1):
            for name in PANELS:
                with db.sessions() as s:
                    start = time.perf_counter()
                    panel(s, actor, flt, name, TODAY)
                    took = time.perf_counter() - start
                if run == 0:
                    first[name] = took
                else:
                    times[name].append(took)
        panels = {p: round(statistics.median(t), 3) for p, t in times.items()}
    total = round(sum(panels.values()), 3)
    for name in PANELS:
        print(f"{name:<14} {panels[name]:6.3f} s   (first run {first[name]:.3f} s)")
    print(f"total          {total:6.3f} s   (first run {sum(first.values()):.3f} s)")
    print(json.dumps({"bench": "dashboard_1m", "customers": args.size, "backend": args.backend,
                      "seconds_total": total, "panels": panels,
                      "first_run_total": round(sum(first.values()), 3), "user": args.user}))


if __name__ == "__main__":
    main()
