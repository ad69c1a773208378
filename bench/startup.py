"""Start-up time: process start to the main window shown and idle, against a bare Qt window.

    python bench/startup.py [CUSTOMERS]      (default 1,000,000)

Each measurement is a fresh process (median of several), so imports, Qt start-up, opening
and checking the database, the schema check, the branch lookup and the first paint are all
in it; only the sign-in dialog is skipped (the child signs the admin in directly).
Both an empty database and one with CUSTOMERS demo customers are measured; the reference is
a bare QApplication + QMainWindow shown in the same way. Offscreen platform, so no X needed.
Last line: {"bench": "startup", "customers", "app_s", "app_empty_db_s", "bare_s", "ratio"}
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RUNS = 5

BARE = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow(); w.resize(1200, 760); w.show()
QTimer.singleShot(0, lambda: (print("shown", flush=True), app.quit()))
app.exec()
"""

APP = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from crm.app import build_main_window, open_database
from crm.services.auth import actor_for
from crm.ui import i18n
from crm.ui.runner import OperationRunner
from crm.ui.settings import AppSettings
from sqlalchemy import select
from crm.models import User
app = QApplication([])
app.setApplicationName("PostLoanCRM-bench")
settings = AppSettings()
i18n.install("zh_CN")
runner = OperationRunner(app)
db = open_database(sys.argv[1])
with db.sessions() as s:
    actor = actor_for(s.scalar(select(User).where(User.username == "jingli01")))
w = build_main_window(db, actor, settings, runner)
w.show()
QTimer.singleShot(0, lambda: (print("shown", flush=True), app.quit()))
app.exec()
runner.wait(); db.dispose()
"""


def timed(code: str, *args: str) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True,
                             text=True, timeout=300)
        elapsed = time.perf_counter() - start
        if "shown" not in out.stdout:
            raise SystemExit(f"child failed:\n{out.stderr}")
        times.append(elapsed)
    return statistics.median(times)


def database(path: Path, customers: int) -> str:
    from crm.persistence.engine import connect
    from crm.persistence.migrate import upgrade
    from crm.services.demo import seed_demo

    url = f"sqlite:///{path}"
    if path.exists() and path.with_suffix(".ready").exists():
        return url
    path.unlink(missing_ok=True)
    db = connect(url)
    upgrade(db)
    print(f"seeding {customers:,} customers into {path} (cached for next time)…", flush=True)
    seed_demo(db, customers)
    db.dispose()
    path.with_suffix(".ready").touch()
    return url


def main() -> None:
    customers = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    cache = Path(tempfile.gettempdir()) / "crm-bench"
    cache.mkdir(exist_ok=True)
    full = database(cache / f"startup-{customers}.sqlite3", customers)
    empty = database(cache / "startup-0.sqlite3", 0)
    bare_s = timed(BARE)
    app_empty_s = timed(APP, empty)
    app_s = timed(APP, full)
    print(f"bare QMainWindow       {bare_s:.2f} s")
    print(f"app, empty database    {app_empty_s:.2f} s")
    print(f"app, {customers:,} customers {app_s:.2f} s  (median of {RUNS} fresh processes)")
    print(json.dumps({"bench": "startup", "customers": customers, "app_s": round(app_s, 3),
                      "app_empty_db_s": round(app_empty_s, 3), "bare_s": round(bare_s, 3),
                      "ratio": round(app_s / bare_s, 2)}))


if __name__ == "__main__":
    main()
