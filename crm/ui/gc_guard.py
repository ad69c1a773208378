"""Python's cyclic garbage collector runs in whichever thread happens to allocate. When a
worker thread (crm/ui/runner.py) triggers a collection that frees a dead cycle holding Qt
widgets, PySide destroys those widgets off the GUI thread and the process crashes (seen as a
segfault in "Garbage-collecting" under a worker's SQLAlchemy query).

So automatic collection is switched off and the GUI thread collects on a timer, generation
by generation as the thresholds say — the approach pyqtgraph and other long-lived Qt
applications take. Reference counting still frees everything that is not in a cycle at once.
"""
from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer


class MainThreadGC(QObject):
    def __init__(self, parent: QObject | None = None, interval_ms: int = 1000) -> None:
        super().__init__(parent)
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(interval_ms)

    def check(self) -> None:
        c0, c1, c2 = gc.get_count()
        t0, t1, t2 = gc.get_threshold()
        if c0 > t0:
            gc.collect(0)
            if c1 > t1:
                gc.collect(1)
                if c2 > t2:
                    gc.collect(2)

    def stop(self) -> None:
        self.timer.stop()
        gc.collect()
        gc.enable()
