"""The customer list on a big database: first rows on screen, and scrolling 10,000 rows.

    python bench/customer_list.py [CUSTOMERS]      (default 1,000,000)

Offscreen. The real CustomerListPanel is built for the branch supervisor (who sees every
customer of the branch) on the demo database; "first rows" is from asking for the list to
its first page being in the model and painted; "scroll" drives the view's scroll bar to the
bottom again and again until 10,000 rows have been fetched (fetchMore pages, as a user
scrolling would). RSS growth is measured across the scroll, to show memory follows the rows
seen, not the table size. Reference: a plain SELECT of the first page with the same sort.
Last line: {"bench": "customer_list", "customers", "first_rows_ms", "scroll_10k_ms",
"rss_growth_mb", "bare_first_page_ms", "ratio"}
"""
from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def main() -> None:
    customers = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    sys.argv = sys.argv[:1] + [str(customers)]
    sys.path.insert(0, str(ROOT / "bench"))
    from startup import database   # the same cached demo database as bench/startup.py

    from PySide6.QtCore import QEventLoop, QSettings
    from PySide6.QtWidgets import QApplication
    from sqlalchemy import select, text

    from crm.app import open_database
    from crm.models import User
    from crm.services.auth import actor_for
    from crm.ui import i18n
    from crm.ui.context import AppContext, AppSignals
    from crm.ui.pages.customers import CustomerListPanel
    from crm.ui.runner import OperationRunner
    from crm.ui.settings import AppSettings

    cache = Path(tempfile.gettempdir()) / "crm-bench"
    cache.mkdir(exist_ok=True)
    url = database(cache / f"startup-{customers}.sqlite3", customers)
    app = QApplication([])
    i18n.install("zh_CN")
    runner = OperationRunner(app)
    db = open_database(url)
    with db.sessions() as s:
        actor = actor_for(s.scalar(select(User).where(User.username == "zhuguan")))
    settings = AppSettings(QSettings(str(cache / "bench-settings.ini"), QSettings.Format.IniFormat))
    ctx = AppContext(db, actor, settings, runner, AppSignals(), "")
    panel = CustomerListPanel(ctx)
    panel.resize(1280, 800)
    panel.show()
    loop = QEventLoop()   # not app.processEvents(): it leaks a None reference in PySide6 6.12
    loop.processEvents()

    firsts = []
    for _ in range(7):
        start = time.perf_counter()
        panel.refresh()
        panel.view.repaint()
        firsts.append((time.perf_counter() - start) * 1000)
        assert panel.model.rowCount() > 0
    first_ms = statistics.median(firsts)

    before = rss_mb()
    start = time.perf_counter()
    bar = panel.view.verticalScrollBar()
    while panel.model.rowCount() < 10_000 and panel.model.canFetchMore():
        bar.setValue(bar.maximum())
        loop.processEvents()
    scroll_ms = (time.perf_counter() - start) * 1000
    growth = rss_mb() - before

    bare = []
    with db.engine.connect() as conn:
        for _ in range(7):
            start = time.perf_counter()
            conn.execute(text("SELECT * FROM customers WHERE branch_id = :b "
                              "ORDER BY overdue_amount DESC, id LIMIT 200"),
                         {"b": actor.branch_id}).fetchall()
            bare.append((time.perf_counter() - start) * 1000)
    bare_ms = statistics.median(bare)
    rows = panel.model.rowCount()
    print(f"first rows on screen   {first_ms:.1f} ms (median of 7; plain first-page SELECT "
          f"{bare_ms:.1f} ms)")
    print(f"scrolled to {rows:,} rows in {scroll_ms:.0f} ms; RSS grew {growth:.1f} MB")
    runner.wait()
    db.dispose()
    print(json.dumps({"bench": "customer_list", "customers": customers,
                      "first_rows_ms": round(first_ms, 1), "scroll_10k_ms": round(scroll_ms),
                      "rss_growth_mb": round(growth, 1), "bare_first_page_ms": round(bare_ms, 1),
                      "ratio": round(first_ms / bare_ms, 2) if bare_ms else None}))


if __name__ == "__main__":
    main()
