"""What every page is given: the database, the signed-in user, settings, the runner, signals."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from crm.domain.actors import Actor
from crm.ui.errors import show_error
from crm.ui.runner import OperationRunner, Progress
from crm.ui.settings import AppSettings

if TYPE_CHECKING:      # not imported at run time: the window shows before SQLAlchemy loads
    from crm.persistence.engine import Database
    from crm.persistence.uow import UnitOfWork

T = TypeVar("T")


class AppSignals(QObject):
    """One signal says what kinds of data a mutation changed; pages refresh what they show."""

    data_changed = Signal(frozenset)


@dataclass
class AppContext:
    db: Database
    actor: Actor
    settings: AppSettings
    runner: OperationRunner
    signals: AppSignals
    branch_name: str = ""

    def run(self, work: Callable[[UnitOfWork, Progress], T], on_done: Callable[[T], None], *,
            widget: QWidget | None = None, label: str = "",
            on_error: Callable[[BaseException], None] | None = None,
            changes: frozenset[str] = frozenset()) -> Any:
        """Run work(uow, progress) on the worker in one transaction, committed on success."""
        db, actor = self.db, self.actor

        def job(progress: Progress) -> T:
            with db.uow(actor) as uow:
                result = work(uow, progress)
                uow.commit()
                return result

        def done(result: T) -> None:
            on_done(result)
            if changes:
                self.signals.data_changed.emit(changes)

        return self.runner.run(job, done, on_error or (lambda e: show_error(widget, e)),
                               label=label, widget=widget)
