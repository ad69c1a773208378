"""GUI fixtures: a migrated SQLite database, isolated settings, Chinese translations."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEventLoop, QSettings

from crm.domain.enums import Role
from crm.persistence.engine import Database, connect
from crm.ui import i18n
from crm.ui.runner import OperationRunner
from crm.ui.settings import AppSettings
from tests import factories


@pytest.fixture(autouse=True)
def collect_on_the_gui_thread() -> Iterator[None]:
    """As the app does (crm/ui/gc_guard.py): no automatic garbage collection while a GUI test
    runs, so a worker thread never frees the test's widgets; the GUI thread collects after."""
    import gc

    gc.collect()
    gc.disable()
    yield
    gc.collect()
    gc.enable()


@pytest.fixture(autouse=True)
def no_modal_boxes(monkeypatch: pytest.MonkeyPatch) -> None:
    """A modal QMessageBox under the offscreen platform waits for a click that never comes and
    hangs the whole run. Unless a test answers it (monkeypatch.setattr after this fixture),
    the box fails the test with its text instead (the crash box too, with its traceback)."""
    from PySide6.QtWidgets import QMessageBox

    def fail(kind: str):  # type: ignore[no-untyped-def]
        def box(_parent, title="", text="", *_a, **_k):  # type: ignore[no-untyped-def]
            raise AssertionError(f"unexpected modal QMessageBox.{kind}: {title}: {text}")
        return box

    for kind in ("information", "warning", "critical", "question"):
        monkeypatch.setattr(QMessageBox, kind, fail(kind))

    def modal(box: QMessageBox) -> int:
        raise AssertionError(f"unexpected modal message box: {box.text()}\n{box.detailedText()}")
    monkeypatch.setattr(QMessageBox, "exec", modal)


@pytest.fixture
def settings(tmp_path: Path) -> AppSettings:
    return AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def zh(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    i18n.install("zh_CN")
    yield
    i18n.install("zh_CN")


@pytest.fixture
def runner(qapp) -> Iterator[OperationRunner]:  # type: ignore[no-untyped-def]
    r = OperationRunner(delay_ms=500)
    yield r
    # drain: a finished job's callback may queue another (今日工作 settles promises after its
    # first load); the pool must be idle before its objects and the test database go away.
    # QEventLoop.processEvents: PySide6 6.12's static QApplication.processEvents leaks a
    # reference to None per call (Python 3.11 aborts once None's count reaches zero)
    loop = QEventLoop()
    for _ in range(100):
        r.wait()
        loop.processEvents()
        if not r.running and r.pool.activeThreadCount() == 0:
            break
    r.wait()


@pytest.fixture
def empty_db(sqlite_url: str) -> Iterator[Database]:
    db = connect(sqlite_url)
    yield db
    db.dispose()


@pytest.fixture
def admin_db(empty_db: Database) -> Database:
    branch = factories.branch(empty_db, "0101", "西湖支行")
    factories.user(empty_db, "admin", Role.ADMIN, branch, "系统管理员")
    return empty_db
