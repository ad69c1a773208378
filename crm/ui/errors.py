"""Showing errors: a clear message for UserError, a crash dialog with the log path for bugs."""
from __future__ import annotations

import logging
import traceback

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from crm.domain.errors import UserError
from crm.logs import data_dir

log = logging.getLogger(__name__)


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    if isinstance(exc, UserError):
        QMessageBox.warning(parent, QCoreApplication.translate("Errors", "Cannot continue"), exc.message)
        return
    show_crash(parent, exc)


def show_crash(parent: QWidget | None, exc: BaseException) -> None:
    details = "".join(traceback.format_exception(exc))
    log.error("unexpected error: %s", details)
    box = QMessageBox(QMessageBox.Icon.Critical, QCoreApplication.translate("Errors", "Unexpected error"),
                      QCoreApplication.translate("Errors", "The program hit an unexpected error. Your saved data is safe; "
                          "the last action may not have been saved.") + "\n\n"
                      + QCoreApplication.translate("Errors", "Log folder:") + f" {data_dir() / 'logs'}", parent=parent)
    box.setDetailedText(details)
    copy = box.addButton(QCoreApplication.translate("Errors", "Copy details"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Close)
    copy.clicked.disconnect()
    copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(details))
    box.exec()
