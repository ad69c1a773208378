"""文件 → 导出…: choose a list, a date range where it has one, masking, a file; export runs
in the background with progress and Cancel, and the dialog says what was written."""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFileDialog, QFormLayout,
    QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget,
)

from crm.domain.actors import Permission
from crm.domain.compliance import local_today
from crm.domain.errors import UserError
from crm.ui.context import AppContext
from crm.ui.dates import qdate
from crm.ui.errors import show_error

# (key, English label, the file name's stem)
KINDS: tuple[tuple[str, str, str], ...] = (
    ("customers", QT_TRANSLATE_NOOP("ExportDialog", "Customer list"), "客户清单"),
    ("loans", QT_TRANSLATE_NOOP("ExportDialog", "Loans"), "贷款清单"),
    ("contacts", QT_TRANSLATE_NOOP("ExportDialog", "Contact records"), "联系记录"),
    ("visits", QT_TRANSLATE_NOOP("ExportDialog", "Visit plan"), "走访计划"),
    ("alerts", QT_TRANSLATE_NOOP("ExportDialog", "Risk alerts"), "预警清单"),
    ("plans", QT_TRANSLATE_NOOP("ExportDialog", "Repayment plans"), "还款计划"),
    ("surveys", QT_TRANSLATE_NOOP("ExportDialog", "Survey results"), "问卷结果"),
)
DATED = {"contacts", "visits", "alerts", "plans", "surveys"}
VISIT_DAYS = 7


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class ExportDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None,
                 folder: str | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.folder = Path(folder) if folder else Path.home()
        self.operation: Any = None
        self.exported: Any = None
        self._path_edited = False
        self.setObjectName("exportDialog")
        self.setWindowTitle(self.tr("Export to Excel"))
        self.setMinimumWidth(520)

        self.kind = QComboBox(objectName="exportKind")
        for key, label, _stem in KINDS:
            self.kind.addItem(QCoreApplication.translate("ExportDialog", label), key)
        self.use_range = QCheckBox(self.tr("Only"), objectName="exportUseRange")
        today = local_today()
        self.date_from = QDateEdit(qdate(today), objectName="exportFrom", calendarPopup=True,
                                   displayFormat="yyyy-MM-dd")
        self.date_to = QDateEdit(qdate(today), objectName="exportTo", calendarPopup=True,
                                 displayFormat="yyyy-MM-dd")
        self.range_row = QWidget(objectName="exportRangeRow")
        row = QHBoxLayout(self.range_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.use_range)
        row.addWidget(self.date_from)
        row.addWidget(QLabel(self.tr("to")))
        row.addWidget(self.date_to)
        row.addStretch(1)
        self.unmasked = QCheckBox(self.tr("Full ID numbers, phones and addresses (not masked; "
                                          "recorded in the audit log)"),
                                  objectName="exportUnmasked")
        self.mask_note = QLabel(objectName="exportMaskNote", wordWrap=True)
        self.path = QLineEdit(objectName="exportPath")
        self.browse = QPushButton(self.tr("Browse…"), objectName="exportBrowse")
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(self.browse)
        self.status = QLabel(objectName="exportStatus", wordWrap=True)

        form = QFormLayout()
        form.addRow(self.tr("List:"), self.kind)
        self.range_label = QLabel(self.tr("Dates:"))
        form.addRow(self.range_label, self.range_row)
        form.addRow(self.tr("Masking:"), self.mask_note)
        form.addRow("", self.unmasked)
        form.addRow(self.tr("File:"), path_row)
        self.buttons = QDialogButtonBox(objectName="exportButtons")
        self.export_button = self.buttons.addButton(self.tr("Export"),
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setObjectName("exportStart")
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

        self.may_unmask = ctx.actor.can(Permission.EXPORT_UNMASKED)
        self.unmasked.setVisible(self.may_unmask)
        self.kind.currentIndexChanged.connect(self._on_kind_current_index_changed)
        self.use_range.toggled.connect(self._on_use_range_toggled)
        self.unmasked.toggled.connect(self._show_mask_note)
        self.path.textEdited.connect(self._on_path_text_edited)
        self.browse.clicked.connect(self._on_browse_clicked)
        self.export_button.clicked.connect(self.start)
        self.close_button.clicked.connect(self._on_close_clicked)
        self._on_kind_current_index_changed()
        self._show_mask_note()

    # -- state ------------------------------------------------------------------------------------
    def current_kind(self) -> str:
        return str(self.kind.currentData())

    def _stem(self) -> str:
        return next(stem for key, _label, stem in KINDS if key == self.current_kind())

    def _on_kind_current_index_changed(self, _index: int = 0) -> None:
        kind = self.current_kind()
        dated = kind in DATED
        self.range_label.setVisible(dated)
        self.range_row.setVisible(dated)
        today = local_today()
        if kind == "visits":   # a visit plan is always for some days: this week by default
            self.use_range.setChecked(True)
            self.date_from.setDate(qdate(today))
            self.date_to.setDate(qdate(today).addDays(VISIT_DAYS - 1))
        elif dated:
            self.use_range.setChecked(False)
            self.date_from.setDate(qdate(today).addDays(-30))
            self.date_to.setDate(qdate(today))
        self.use_range.setVisible(kind != "visits")   # a visit plan always has its dates
        self._on_use_range_toggled(self.use_range.isChecked())
        if not self._path_edited:
            self.path.setText(str(self.folder / f"{self._stem()}_{today:%Y%m%d}.xlsx"))
        self.status.clear()

    def _on_use_range_toggled(self, checked: bool) -> None:
        self.date_from.setEnabled(checked)
        self.date_to.setEnabled(checked)

    def _show_mask_note(self, _checked: bool = False) -> None:
        if self.unmasked.isChecked():
            self.mask_note.setText(self.tr("Not masked: keep the file safe and do not pass it "
                                           "on."))
            self.mask_note.setStyleSheet("color: #b00020")
        else:
            self.mask_note.setText(self.tr("ID numbers, phones and addresses are masked, "
                                           "e.g. 330106********1234."))
            self.mask_note.setStyleSheet("")

    def _on_path_text_edited(self, _text: str) -> None:
        self._path_edited = True

    def _on_browse_clicked(self) -> None:
        path, _f = QFileDialog.getSaveFileName(self, self.tr("Export to Excel"), self.path.text(),
                                               self.tr("Excel workbook (*.xlsx)"))
        if path:
            if not path.lower().endswith(".xlsx"):
                path += ".xlsx"
            self.path.setText(path)
            self._path_edited = True

    def request(self) -> Any:
        from crm.reports.exports import ExportRequest

        kind = self.current_kind()
        ranged = kind in DATED and self.use_range.isChecked()
        return ExportRequest(kind, self.may_unmask and self.unmasked.isChecked(),
                             _pydate(self.date_from.date()) if ranged else None,
                             _pydate(self.date_to.date()) if ranged else None)

    # -- running ----------------------------------------------------------------------------------
    def start(self) -> None:
        path = self.path.text().strip()
        if not path:
            self._say(self.tr("Choose a file to export to."), error=True)
            return
        from crm.reports.exports import run_export

        req, db, actor = self.request(), self.ctx.db, self.ctx.actor

        def work(progress: Any) -> Any:
            return run_export(db, actor, req, path, progress=progress,
                              cancel=lambda: progress.cancelled)

        self._set_running(True)
        self._say(self.tr("Exporting…"))
        self.operation = self.ctx.runner.run(work, self._on_done, self._on_failed,
                                             label=self.tr("Exporting…"), widget=self)

    def _on_done(self, result: Any) -> None:
        self.operation = None
        self.exported = result
        self._set_running(False)
        text = (self.tr("%1 rows exported to %2 (not masked).") if result.unmasked
                else self.tr("%1 rows exported to %2 (masked)."))
        self._say(text.replace("%1", f"{result.rows:,}").replace("%2", str(result.path)))

    def _on_failed(self, exc: BaseException) -> None:
        from crm.reports.excel import ExportCancelled

        self.operation = None
        self._set_running(False)
        if isinstance(exc, ExportCancelled):
            self._say(self.tr("Export cancelled; no file was written."))
        elif isinstance(exc, UserError):
            self._say(exc.message, error=True)
        else:
            show_error(self, exc)

    def _set_running(self, running: bool) -> None:
        for w in (self.kind, self.range_row, self.unmasked, self.path, self.browse,
                  self.export_button):
            w.setEnabled(not running)
        if not running:
            self._on_use_range_toggled(self.use_range.isChecked())
        self.close_button.setText(self.tr("Cancel") if running else self.tr("Close"))

    def _say(self, text: str, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #b00020" if error else "")

    def _on_close_clicked(self) -> None:
        if self.operation is not None:
            self.operation.cancel()
            return
        self.reject()

    def reject(self) -> None:  # Esc while exporting cancels the export instead of hiding it
        if self.operation is not None:
            self.operation.cancel()
            return
        super().reject()
