"""Background operations: fn runs on a worker, result or error comes back on the UI thread.

A progress dialog appears only if the work takes longer than ~500 ms; Cancel, Esc or
closing it sets the cancel token, which long functions check once per batch.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from crm.domain.errors import UserError


class Cancelled(UserError):
    def __init__(self) -> None:
        super().__init__("操作已取消，未保存任何更改。")


class Progress:
    """What a long function gets: report(done, total, label) and the cancel check."""

    def __init__(self, emit: Callable[[int, int, str], None]) -> None:
        self._emit = emit
        self._cancel = threading.Event()

    def __call__(self, done: int, total: int, label: str = "") -> None:
        self._emit(done, total, label)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()


class _Signals(QObject):
    progress = Signal(int, int, str)
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[Progress], Any], signals: _Signals) -> None:
        super().__init__()
        self.fn = fn
        self.signals = signals
        self.progress = Progress(signals.progress.emit)

    def run(self) -> None:
        try:
            result = self.fn(self.progress)
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the UI
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


class Operation(QObject):
    """One running job; keeps its signals alive until it finishes."""

    finished = Signal()

    def __init__(self, parent: QObject, job: _Job, label: str, widget: QWidget | None,
                 delay_ms: int) -> None:
        super().__init__(parent)
        self.job = job
        self.label = label
        self.widget = widget
        self.dialog: QProgressDialog | None = None
        self._timer = QTimer(self, singleShot=True, interval=delay_ms)
        self._timer.timeout.connect(self._show_dialog)
        job.signals.progress.connect(self._on_progress)
        self._last = (0, 0, label)

    def start(self, pool: QThreadPool) -> None:
        if self.widget is not None:
            self._timer.start()
        pool.start(self.job)

    def cancel(self) -> None:
        self.job.progress.cancel()

    def _show_dialog(self) -> None:
        dlg = QProgressDialog(self.label, self.tr("Cancel"), 0, 0, self.widget)
        dlg.setWindowTitle(self.tr("Please wait"))
        dlg.setMinimumDuration(0)
        dlg.setAutoClose(False)
        dlg.setAutoReset(False)
        dlg.canceled.connect(self.cancel)
        self.dialog = dlg
        self._on_progress(*self._last)
        dlg.show()

    def _on_progress(self, done: int, total: int, label: str) -> None:
        self._last = (done, total, label)
        if self.dialog is not None:
            self.dialog.setMaximum(max(total, 0))
            self.dialog.setValue(min(done, total) if total else 0)
            if label:
                self.dialog.setLabelText(label)

    def close(self) -> None:
        self._timer.stop()
        if self.dialog is not None:
            self.dialog.canceled.disconnect(self.cancel)
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        self.finished.emit()


class OperationRunner(QObject):
    """Runs work off the UI thread, one job at a time (database writes are serial anyway)."""

    def __init__(self, parent: QObject | None = None, delay_ms: int = 500) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.delay_ms = delay_ms
        self.running: set[Operation] = set()

    def run(self, fn: Callable[[Progress], Any], on_done: Callable[[Any], None],
            on_error: Callable[[BaseException], None], *, label: str = "",
            widget: QWidget | None = None) -> Operation:
        signals = _Signals()
        op = Operation(self, _Job(fn, signals), label, widget, self.delay_ms)
        signals.setParent(op)

        def finish(callback: Callable[[Any], None], value: Any) -> None:
            op.close()
            self.running.discard(op)
            op.deleteLater()
            callback(value)

        signals.done.connect(lambda r: finish(on_done, r))
        signals.failed.connect(lambda e: finish(on_error, e))
        self.running.add(op)
        op.start(self.pool)
        return op

    def wait(self, msecs: int = 30000) -> bool:
        return self.pool.waitForDone(msecs)
