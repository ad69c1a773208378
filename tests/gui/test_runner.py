"""The operation runner: results on the UI thread, a delayed progress dialog, Cancel that works."""
import threading
import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from crm.ui.runner import Cancelled, Progress
from crm.ui.table_model import Column, RecordTableModel


def test_result_comes_back_on_the_ui_thread(qtbot, runner):
    got = []
    runner.run(lambda _p: threading.current_thread().name, got.append, got.append)
    qtbot.waitUntil(lambda: bool(got), timeout=5000)
    assert got[0] != threading.current_thread().name


def test_errors_come_back_too(qtbot, runner):
    got = []

    def fail(_p):
        raise ValueError("boom")

    runner.run(fail, got.append, got.append)
    qtbot.waitUntil(lambda: bool(got), timeout=5000)
    assert isinstance(got[0], ValueError)


def test_slow_work_shows_progress_and_cancel_stops_it(qtbot, zh, runner):
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    outcome = []

    def slow(progress: Progress):
        for i in range(200):
            progress(i, 200, f"第 {i} 批")
            progress.check()
            time.sleep(0.02)
        return "finished"

    op = runner.run(slow, outcome.append, outcome.append, label="正在处理", widget=parent)
    qtbot.waitUntil(lambda: op.dialog is not None and op.dialog.isVisible(), timeout=3000)
    button = op.dialog.findChild(QPushButton)
    assert button.text() == "取消"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(outcome), timeout=5000)
    assert isinstance(outcome[0], Cancelled) and "已取消" in outcome[0].message


def test_fast_work_shows_no_dialog(qtbot, runner):
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    done = []
    op = runner.run(lambda _p: 1, done.append, done.append, widget=parent)
    qtbot.waitUntil(lambda: bool(done), timeout=3000)
    assert op.dialog is None


def test_record_table_model_passes_the_model_tester(qtmodeltester):
    model = RecordTableModel([Column("Name", lambda r: r[0]), Column("Amount", lambda r: r[1], True)])
    model.set_records([("张三", 3), ("李四", 1), ("王五", 2)])
    qtmodeltester.check(model)
    model.sort(1)
    assert [model.record(i)[0] for i in range(3)] == ["李四", "王五", "张三"]


def test_pumping_events_the_way_the_app_and_tests_do_keeps_none_alive(qapp):
    """PySide6 6.12: QApplication.processEvents() drops a reference to None per call; enough
    calls abort Python 3.11. The app and the tests pump through a QEventLoop, which does not."""
    import sys

    from PySide6.QtCore import QEventLoop

    loop = QEventLoop()
    before = sys.getrefcount(None)
    for _ in range(500):
        loop.processEvents()
    assert sys.getrefcount(None) >= before - 5


def test_the_app_collects_garbage_only_on_the_gui_thread(qapp):
    import gc

    from crm.ui.gc_guard import MainThreadGC

    was = gc.isenabled()
    collector = MainThreadGC(interval_ms=10)
    try:
        assert not gc.isenabled()          # a worker thread can no longer trigger a collection
        assert collector.timer.isActive()
        collector.check()
    finally:
        collector.stop()
    assert gc.isenabled()
    if not was:
        gc.disable()
