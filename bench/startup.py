"""Start-up time: process start to the main window shown and idle, against a bare Qt window.

    python bench/startup.py [CUSTOMERS]      (default 1,000,000)

Each measurement is a fresh process (median of several). The child starts the way main()
does: the main window is shown first ("shown": the event loop has turned over once with the
window on screen), then the database is opened and checked on the worker, a manager is
signed in directly (the sign-in dialog is the only step skipped), and 今日工作 fills in
("today_loaded_s": its first data on screen).
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
import time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow(); w.resize(1200, 760); w.show()
QTimer.singleShot(0, lambda: (print("shown", time.time(), flush=True), app.quit()))
app.exec()
"""

APP = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from crm.app import open_database, branch_name
from crm.ui import i18n
from crm.ui.context import AppContext, AppSignals
from crm.ui.main_window import MainWindow
from crm.ui.runner import OperationRunner
from crm.ui.settings import AppSettings
app = QApplication([])
app.setApplicationName("PostLoanCRM-bench")
settings = AppSettings()
i18n.install("zh_CN")
runner = OperationRunner(app)
w = MainWindow(settings)           # what main() does: the window first, then the database
w.show()
QTimer.singleShot(0, lambda: print("shown", time.time(), flush=True))
state = {}

def opened(db):
    from sqlalchemy import select
    from crm.models import User
    from crm.services.auth import actor_for
    state["db"] = db
    with db.sessions() as s:       # stands in for the sign-in dialog
        actor = actor_for(s.scalar(select(User).where(User.username == "jingli01")))
    w.attach(AppContext(db, actor, settings, runner, AppSignals(), branch_name(db, actor)))
    w.pages["today"].due_count_changed.connect(
        lambda _n: (print("loaded", time.time(), flush=True), app.quit()))

runner.run(lambda _p: open_database(sys.argv[1]), opened, lambda e: (print(e), app.exit(1)))
app.exec()
import os
os._exit(0)   # the times are stamped; don't wait for background work such as the promise settle
"""


def timed(code: str, *args: str) -> tuple[float, float]:
    """Median seconds from process start to (window shown and the event loop idle, the
    first page's data on screen). The child stamps wall-clock times; exit is not counted."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    shown, loaded = [], []
    for _ in range(RUNS):
        start = time.time()
        out = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True,
                             text=True, timeout=300)
        stamps = dict(line.split() for line in out.stdout.splitlines() if line.strip())
        if "shown" not in stamps:
            raise SystemExit(f"child failed:\n{out.stderr}")
        shown.append(float(stamps["shown"]) - start)
        loaded.append(float(stamps.get("loaded", stamps["shown"])) - start)
    return statistics.median(shown), statistics.median(loaded)


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
    bare_s, _ = timed(BARE)
    app_empty_s, empty_loaded_s = timed(APP, empty)
    app_s, loaded_s = timed(APP, full)
    print(f"bare QMainWindow shown          {bare_s:.2f} s")
    print(f"app shown, empty database       {app_empty_s:.2f} s (今日工作 filled at "
          f"{empty_loaded_s:.2f} s)")
    print(f"app shown, {customers:,} customers {app_s:.2f} s (今日工作 filled at {loaded_s:.2f} s)"
          f"  — medians of {RUNS} fresh processes")
    print(json.dumps({"bench": "startup", "customers": customers, "app_s": round(app_s, 3),
                      "app_empty_db_s": round(app_empty_s, 3), "bare_s": round(bare_s, 3),
                      "ratio": round(app_s / bare_s, 2), "today_loaded_s": round(loaded_s, 3)}))


if __name__ == "__main__":
    main()
