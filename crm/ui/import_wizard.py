"""导入客户清单: the wizard over crm.importing.

1 file → 2 sheet / encoding / header row → 3 mapping with a parsed preview →
4 试导入 (dry run, nothing written) → 5 import with progress and Cancel → result, error
report, undo. Everything slow runs on the worker; the window stays responsive.
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QFileDialog, QFormLayout, QGridLayout, QHBoxLayout,
    QHeaderView, QInputDialog, QLabel, QLineEdit, QMessageBox, QPushButton, QSpinBox,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget, QWizard, QWizardPage,
)

from crm.importing import engine, mappings
from crm.importing.fields import FIELDS, ColumnMap, Mapping, detect_mapping
from crm.importing.reader import open_source
from crm.importing.report import write_error_report
from crm.ui.context import AppContext
from crm.ui.errors import show_error
from crm.ui.runner import Progress
from crm.ui.table_model import display

PREVIEW_ROWS = 50
RAW_ROWS = 30
ERROR_BG = QBrush(QColor("#fde2e1"))
WARN_BG = QBrush(QColor("#fff4d6"))
HEADER_BG = QBrush(QColor("#dbe7f7"))
COUNT_LABELS = (
    ("rows_read", QT_TRANSLATE_NOOP("Import", "Rows read")),
    ("customers_inserted", QT_TRANSLATE_NOOP("Import", "Customers added")),
    ("customers_updated", QT_TRANSLATE_NOOP("Import", "Customers updated")),
    ("loans_inserted", QT_TRANSLATE_NOOP("Import", "Loans added")),
    ("loans_updated", QT_TRANSLATE_NOOP("Import", "Loans updated")),
    ("unchanged", QT_TRANSLATE_NOOP("Import", "Rows unchanged")),
    ("duplicates", QT_TRANSLATE_NOOP("Import", "Duplicate rows")),
    ("skipped", QT_TRANSLATE_NOOP("Import", "Blank or total rows skipped")),
    ("rejected", QT_TRANSLATE_NOOP("Import", "Rows rejected")),
    ("warnings", QT_TRANSLATE_NOOP("Import", "Warnings")),
)


def _table(name: str) -> QTableWidget:
    t = QTableWidget(objectName=name)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setAlternatingRowColors(True)
    t.verticalHeader().setDefaultSectionSize(24)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    t.horizontalHeader().setStretchLastSection(True)
    return t


def _counts_grid(counts: dict[str, int]) -> QWidget:
    box = QWidget(objectName="importCounts")
    grid = QGridLayout(box)
    for i, (key, _label) in enumerate(COUNT_LABELS):
        name = QLabel(QCoreApplication.translate("Import", dict(COUNT_LABELS)[key]))
        value = QLabel(f"{counts.get(key, 0):,}", objectName=f"count_{key}")
        value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        value.setStyleSheet("font-weight: bold" + ("; color: #b00020" if key == "rejected"
                                                    and counts.get(key) else ""))
        grid.addWidget(name, i // 2, (i % 2) * 2)
        grid.addWidget(value, i // 2, (i % 2) * 2 + 1)
    return box


def _fill_issues(table: QTableWidget, issues: list[Any], limit: int = 1000) -> None:
    table.clear()
    table.setColumnCount(5)
    table.setHorizontalHeaderLabels([QCoreApplication.translate("Import", "Row"), QCoreApplication.translate("Import", "Column"), QCoreApplication.translate("Import", "Value"), QCoreApplication.translate("Import", "Reason"),
                                     QCoreApplication.translate("Import", "Level")])
    shown = issues[:limit]
    table.setRowCount(len(shown))
    for r, issue in enumerate(shown):
        level = QCoreApplication.translate("Import", "Error") if issue.severity == "error" else QCoreApplication.translate("Import", "Warning")
        cells = [str(issue.row) if issue.row else QCoreApplication.translate("Import", "File"), issue.column, issue.value,
                 issue.reason, level]
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            if issue.severity == "error":
                item.setBackground(ERROR_BG)
            table.setItem(r, c, item)
    for col, width in enumerate((60, 110, 160, 420)):
        table.setColumnWidth(col, width)


class _Rate:
    """Turns progress(done, total) into 'n/total rows · x rows/s · about y s left'."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.started = time.monotonic()

    def __call__(self, done: int, total: int, label: str = "") -> None:
        elapsed = max(time.monotonic() - self.started, 1e-6)
        rate = done / elapsed
        text = label or QCoreApplication.translate("Import", "Importing")
        if total and done:
            left = (total - done) / rate if rate else 0
            text = (QCoreApplication.translate("Import", "%1: %2 of %3 rows · %4 rows/s · about %5 s left")
                    .replace("%1", text).replace("%2", f"{done:,}").replace("%3", f"{total:,}")
                    .replace("%4", f"{rate:,.0f}").replace("%5", f"{left:,.0f}"))
        self.progress(done, total, text)


# -- pages ----------------------------------------------------------------------------------

class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Choose the file"))
        self.setSubTitle(self.tr("The customer and loan list exported by the core banking system: "
                            ".xlsx, .xls (Excel 97–2003) or .csv. You can also drop the file on "
                            "the main window."))
        self.path = QLineEdit(objectName="importPath")
        self.path.setPlaceholderText(self.tr("Path of the Excel or CSV file"))
        self.path.textChanged.connect(lambda _t: self.completeChanged.emit())
        browse = QPushButton(self.tr("Browse…"), objectName="importBrowse")
        browse.clicked.connect(self._on_browse_clicked)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.message = QLabel(objectName="importFileMessage", wordWrap=True)
        self.message.setStyleSheet("color: #b00020")
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self._opened_for = ""

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return bool(self.path.text().strip())

    def _on_browse_clicked(self) -> None:
        path, _f = QFileDialog.getOpenFileName(
            self, self.tr("Choose the file"), str(Path.home()),
            self.tr("Spreadsheets (*.xlsx *.xlsm *.xls *.csv);;All files (*)"))
        if path:
            self.path.setText(path)

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        path = self.path.text().strip()
        if self._opened_for == path and self.w.source is not None:
            return True
        self.message.clear()
        self.w.open(path, on_opened=self._on_opened, on_failed=self._on_failed)
        return False

    def _on_opened(self) -> None:
        self._opened_for = self.path.text().strip()
        self.w.next()

    def _on_failed(self, exc: BaseException) -> None:
        self.message.setText(getattr(exc, "message", str(exc)))
        if not hasattr(exc, "message"):
            show_error(self, exc)


class SourcePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Sheet, encoding and header row"))
        self.setSubTitle(self.tr("Detected automatically; change them if the preview looks wrong. "
                            "The header row is shaded blue."))
        self.sheet = QComboBox(objectName="importSheet")
        self.encoding = QComboBox(objectName="importEncoding")
        self.header_row = QSpinBox(objectName="importHeaderRow", minimum=1, maximum=200)
        self.apply = QPushButton(self.tr("Apply"), objectName="importReopen")
        self.apply.clicked.connect(self._on_apply_clicked)
        form = QFormLayout()
        form.addRow(self.tr("Sheet"), self.sheet)
        form.addRow(self.tr("Encoding (CSV)"), self.encoding)
        row = QHBoxLayout()
        row.addWidget(self.header_row)
        row.addWidget(self.apply)
        row.addStretch(1)
        form.addRow(self.tr("Header row (Excel row number)"), row)
        self.notes = QLabel(objectName="importSourceNotes", wordWrap=True)
        self.raw = _table("importRawPreview")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.notes)
        layout.addWidget(self.raw, 1)

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        self.show_source()

    def show_source(self) -> None:
        src = self.w.source
        assert src is not None
        self.sheet.clear()
        for info in src.sheets:
            label = info.name + (self.tr(" (hidden)") if info.hidden else "")
            self.sheet.addItem(label, info.name)
        self.sheet.setCurrentIndex(max(self.sheet.findData(src.sheet), 0))
        self.sheet.setEnabled(bool(src.sheets))
        self.encoding.clear()
        for enc in src.encodings_offered:
            self.encoding.addItem(enc, enc)
        self.encoding.setCurrentIndex(max(self.encoding.findData(src.encoding), 0))
        self.encoding.setEnabled(src.kind == "csv")
        raw = src.preview_raw(RAW_ROWS)
        header_excel_row = raw[src.header_row][0] if src.header_row < len(raw) else 1
        self.header_row.setValue(header_excel_row)
        notes = list(getattr(src, "warnings", []))
        notes.insert(0, self.tr("%1 data rows below the header.").replace("%1",
                                                                        f"{src.total_rows:,}"))
        self.notes.setText("\n".join(notes))
        width = max((len(cells) for _r, cells in raw), default=0)
        self.raw.clear()
        self.raw.setColumnCount(width)
        self.raw.setRowCount(len(raw))
        self.raw.setVerticalHeaderLabels([str(r) for r, _c in raw])
        for r, (_excel_row, cells) in enumerate(raw):
            for c, value in enumerate(cells):
                item = QTableWidgetItem(display(value) if value is not None else "")
                if r == src.header_row:
                    item.setBackground(HEADER_BG)
                self.raw.setItem(r, c, item)

    def _on_apply_clicked(self) -> None:
        src = self.w.source
        assert src is not None
        raw_rows = [r for r, _c in src.preview_raw(RAW_ROWS)]
        wanted = self.header_row.value()
        header_index = raw_rows.index(wanted) if wanted in raw_rows else None
        self.w.open(str(src.path), sheet=self.sheet.currentData(),
                    encoding=self.encoding.currentData() if src.kind == "csv" else None,
                    header_row=header_index, on_opened=self.show_source,
                    on_failed=lambda e: show_error(self, e))


class MappingPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Columns"))
        self.setSubTitle(self.tr("Which field each column fills. Customer name and ID number are "
                            "required; everything else is optional. The preview shows the "
                            "values as they will be stored."))
        self.saved_note = QLabel(objectName="importSavedNote", wordWrap=True)
        self.columns = _table("importMapping")
        self.columns.setColumnCount(3)
        self.save = QPushButton(self.tr("Save mapping…"), objectName="importSaveMapping")
        self.save.clicked.connect(self._on_save_clicked)
        self.problem = QLabel(objectName="importMappingProblem", wordWrap=True)
        self.problem.setStyleSheet("color: #b00020")
        self.preview = _table("importParsedPreview")
        top = QHBoxLayout()
        top.addWidget(self.saved_note, 1)
        top.addWidget(self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.columns, 2)
        layout.addWidget(self.problem)
        layout.addWidget(QLabel(self.tr("Preview of the first 50 rows (parsed)")))
        layout.addWidget(self.preview, 3)
        self.combos: list[QComboBox] = []

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        src = self.w.source
        assert src is not None
        saved = None
        try:
            saved = mappings.find_for_headers(self.w.ctx.db, self.w.ctx.actor, src.headers)
        except Exception:  # noqa: BLE001 - a saved mapping is a convenience, never a blocker
            saved = None
        if saved is not None:
            name, self.w.mapping = saved
            self.saved_note.setText(self.tr("Using the saved mapping “%1” for these headers.")
                                    .replace("%1", name))
        else:
            self.w.mapping = detect_mapping(src.headers)
            self.saved_note.setText(self.tr("Mapping detected from the headers."))
        self._fill_columns()
        self.refresh_preview()

    def _fill_columns(self) -> None:
        src, mapping = self.w.source, self.w.mapping
        assert src is not None and mapping is not None
        self.columns.clear()
        self.columns.setHorizontalHeaderLabels([self.tr("Column in the file"), self.tr("Import as"),
                                                self.tr("Unit")])
        self.columns.setRowCount(len(src.headers))
        self.combos = []
        for r, header in enumerate(src.headers):
            self.columns.setItem(r, 0, QTableWidgetItem(str(header)))
            combo = QComboBox(objectName=f"mapColumn{r}")
            combo.addItem(self.tr("(do not import)"), None)
            for f in FIELDS:
                combo.addItem(f.label + (" *" if f.required else ""), f.key)
            cm = mapping.get(r)
            combo.setCurrentIndex(max(combo.findData(cm.field if cm else None), 0))
            combo.currentIndexChanged.connect(lambda _i, col=r: self._on_field_changed(col))
            self.columns.setCellWidget(r, 1, combo)
            self.combos.append(combo)
            scale = cm.scale if cm else 1
            self.columns.setItem(r, 2, QTableWidgetItem(self.tr("×10,000 (万元)") if scale == 10000
                                                        else ("" if scale == 1 else f"×{scale}")))
        self.columns.setColumnWidth(0, 220)
        self.columns.setColumnWidth(1, 180)

    def _on_field_changed(self, col: int) -> None:
        mapping = self.w.mapping
        assert mapping is not None
        key = self.combos[col].currentData()
        old = mapping.get(col)
        # one column per field: the field moves to this column
        if key is not None:
            for other, cm in list(mapping.items()):
                if other != col and cm.field == key:
                    mapping[other] = ColumnMap(None)
                    self.combos[other].blockSignals(True)
                    self.combos[other].setCurrentIndex(0)
                    self.combos[other].blockSignals(False)
        mapping[col] = ColumnMap(key, old.scale if old and key else 1)
        self.refresh_preview()

    def refresh_preview(self) -> None:
        src, mapping = self.w.source, self.w.mapping
        assert src is not None and mapping is not None
        missing = mapping.missing_required()
        self.problem.setText(self.tr("Required columns not mapped: %1").replace("%1", "、".join(missing))
                             if missing else "")
        self.completeChanged.emit()
        keys = [f.key for f in FIELDS if f.key in mapping.fields()]
        labels = {f.key: f.label for f in FIELDS}
        try:
            rows = engine.parse_preview(src, mapping, PREVIEW_ROWS)
        except Exception as exc:  # noqa: BLE001 - the file may have changed on disk
            show_error(self, exc)
            return
        self.preview.clear()
        self.preview.setColumnCount(len(keys) + 1)
        self.preview.setHorizontalHeaderLabels([self.tr("Row")] + [labels[k] for k in keys])
        self.preview.setRowCount(len(rows))
        for r, parsed in enumerate(rows):
            shown = parsed.formatted()
            problems: dict[str, list[Any]] = {}
            for issue in parsed.issues:
                problems.setdefault(issue.column, []).append(issue)
            row_item = QTableWidgetItem(str(parsed.row))
            if parsed.kind != "data":
                skipped = self.tr("skipped")
                row_item.setText(f"{parsed.row}（{skipped}）")
            self.preview.setItem(r, 0, row_item)
            for c, key in enumerate(keys, start=1):
                item = QTableWidgetItem(shown.get(key, ""))
                issues = problems.get(labels[key], []) + problems.get(
                    src.headers[mapping.columns_for()[key][0]], [])
                if issues:
                    item.setBackground(ERROR_BG if any(i.severity == "error" for i in issues)
                                       else WARN_BG)
                    item.setToolTip("\n".join(i.reason for i in issues))
                self.preview.setItem(r, c, item)

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return self.w.mapping is not None and not self.w.mapping.missing_required()

    def _on_save_clicked(self) -> None:
        src, mapping = self.w.source, self.w.mapping
        assert src is not None and mapping is not None
        name, ok = QInputDialog.getText(self, self.tr("Save mapping"),
                                        self.tr("Name (for example: 核心系统季度清单):"))
        if not ok or not name.strip():
            return
        try:
            mappings.save_mapping(self.w.ctx.db, self.w.ctx.actor, name.strip(), src.headers,
                                  mapping)
        except Exception as exc:  # noqa: BLE001 - shown to the user
            show_error(self, exc)
            return
        self.saved_note.setText(self.tr("Saved as “%1”; files with the same headers will use it.")
                                .replace("%1", name.strip()))


class CheckPage(QWizardPage):
    """试导入: the whole file validated, nothing written."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Dry run"))
        self.setSubTitle(self.tr("Every row is checked; nothing is written yet. Fix the file and "
                            "go back, or import the valid rows: rejected rows never stop the "
                            "others."))
        self.status = QLabel(objectName="importCheckStatus", wordWrap=True)
        self.counts_holder = QVBoxLayout()
        self.issues = _table("importCheckIssues")
        self.rerun = QPushButton(self.tr("Check again"), objectName="importRecheck")
        self.rerun.clicked.connect(self.run)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addLayout(self.counts_holder)
        layout.addWidget(self.issues, 1)
        layout.addWidget(self.rerun, 0, Qt.AlignmentFlag.AlignLeft)
        self.report: Any = None

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        self.run()

    def run(self) -> None:
        self.report = None
        self.completeChanged.emit()
        self.status.setText(self.tr("Checking…"))
        self.w.run_import(dry_run=True, on_done=self._on_done,
                          on_failed=self._on_failed)

    def _on_done(self, report: Any) -> None:
        self.report = report
        self.w.dry_report = report
        while self.counts_holder.count():
            old = self.counts_holder.takeAt(0).widget()
            if old is not None:
                old.deleteLater()
        self.counts_holder.addWidget(_counts_grid(report.counts))
        notes = list(report.notes)
        errors = len(report.errors)
        notes.insert(0, self.tr("Checked in %1 s. %2 rows would be rejected, %3 warnings.")
                     .replace("%1", f"{report.seconds:.1f}").replace("%2", f"{errors:,}")
                     .replace("%3", f"{len(report.warnings):,}"))
        self.status.setText("\n".join(notes))
        _fill_issues(self.issues, report.issues, limit=200)
        self.completeChanged.emit()

    def _on_failed(self, exc: BaseException) -> None:
        self.status.setText(getattr(exc, "message", self.tr("The check failed.")))
        if not hasattr(exc, "message"):
            show_error(self, exc)

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return self.report is not None

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        return self.report is not None


class ResultPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Import"))
        self.status = QLabel(objectName="importStatus", wordWrap=True)
        self.counts_holder = QVBoxLayout()
        self.issues = _table("importIssues")
        self.save_report = QPushButton(self.tr("Save error report…"), objectName="importSaveReport")
        self.show_customers = QPushButton(self.tr("Show these customers"),
                                          objectName="importShowCustomers")
        self.undo = QPushButton(self.tr("Undo this import"), objectName="importUndo")
        self.save_report.clicked.connect(self._on_save_report_clicked)
        self.show_customers.clicked.connect(self._on_show_customers_clicked)
        self.undo.clicked.connect(self._on_undo_clicked)
        buttons = QHBoxLayout()
        for b in (self.save_report, self.show_customers, self.undo):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addLayout(self.counts_holder)
        layout.addWidget(self.issues, 1)
        layout.addLayout(buttons)
        self.report: Any = None
        self.finished = False

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        self.report = None
        self.finished = False
        for b in (self.save_report, self.show_customers, self.undo):
            b.setEnabled(False)
        self.status.setText(self.tr("Importing…"))
        self.w.run_import(dry_run=False, on_done=self._on_done, on_failed=self._on_failed)

    def _on_done(self, report: Any) -> None:
        self.report = report
        self.finished = True
        self.counts_holder.addWidget(_counts_grid(report.counts))
        self.status.setText(self.tr("Imported “%1” in %2 s. Every row is accounted for below.")
                            .replace("%1", report.file_name)
                            .replace("%2", f"{report.seconds:.1f}"))
        _fill_issues(self.issues, report.issues)
        self.save_report.setEnabled(bool(report.issues))
        self.show_customers.setEnabled(bool(report.customer_ids))
        self.undo.setEnabled(report.batch_id is not None)
        self.completeChanged.emit()
        self.w.ctx.signals.data_changed.emit(frozenset({"customers", "loans", "imports"}))

    def _on_failed(self, exc: BaseException) -> None:
        self.finished = True
        self.status.setText(getattr(exc, "message", self.tr("The import failed.")) + "\n"
                            + self.tr("Nothing was written. You can go back and try again."))
        self.completeChanged.emit()
        if not hasattr(exc, "message"):
            show_error(self, exc)

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return self.finished

    def _on_save_report_clicked(self) -> None:
        if self.report is None or self.w.source is None:
            return
        default = str(Path(self.w.source.path).with_name(
            Path(self.w.source.path).stem + "_错误报告.xlsx"))
        path, _f = QFileDialog.getSaveFileName(self, self.tr("Save error report"), default,
                                               self.tr("Excel workbook (*.xlsx)"))
        if not path:
            return
        report, source = self.report, self.w.source
        self.w.ctx.runner.run(lambda _p: write_error_report(report, source, path),
                              lambda n: self.status.setText(
                                  self.tr("Error report saved: %1 rows in %2").replace("%1", str(n))
                                  .replace("%2", path)),
                              lambda e: show_error(self, e), label=self.tr("Saving…"), widget=self)

    def _on_show_customers_clicked(self) -> None:
        if self.report is not None and self.report.batch_id is not None:
            self.w.show_batch.emit(self.report.batch_id)
            self.w.accept()

    def _on_undo_clicked(self) -> None:
        if self.report is None or self.report.batch_id is None:
            return
        self.w.undo(self.report.batch_id, on_done=self._on_undone)

    def _on_undone(self) -> None:
        self.undo.setEnabled(False)
        self.show_customers.setEnabled(False)
        self.status.setText(self.status.text() + "\n" + self.tr("This import has been undone."))


class ImportWizard(QWizard):
    open_customer = Signal(int)
    show_batch = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, path: str = "") -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.source: Any = None
        self.mapping: Mapping | None = None
        self.dry_report: Any = None
        self.setObjectName("importWizard")
        self.setWindowTitle(self.tr("Import customer list"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.resize(1000, 700)
        self.file_page = FilePage(self)
        self.source_page = SourcePage(self)
        self.mapping_page = MappingPage(self)
        self.check_page = CheckPage(self)
        self.result_page = ResultPage(self)
        for page in (self.file_page, self.source_page, self.mapping_page, self.check_page,
                     self.result_page):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("Next >"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< Back"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Close"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Cancel"))
        self.check_page.setButtonText(QWizard.WizardButton.NextButton, self.tr("Import"))
        if path:
            self.file_page.path.setText(path)

    # -- work on the worker ---------------------------------------------------------------
    def open(self, path: str, *, sheet: str | None = None, encoding: str | None = None,  # type: ignore[override]
             header_row: int | None = None, on_opened: Any, on_failed: Any) -> None:
        def work(_p: Progress) -> Any:
            return open_source(path, sheet=sheet, encoding=encoding, header_row=header_row)

        def done(source: Any) -> None:
            self.source = source
            self.mapping = None
            on_opened()

        self.ctx.runner.run(work, done, on_failed, label=self.tr("Reading the file…"), widget=self)

    def run_import(self, *, dry_run: bool, on_done: Any, on_failed: Any) -> None:
        source, mapping, db, actor = self.source, self.mapping, self.ctx.db, self.ctx.actor
        assert source is not None and mapping is not None

        def work(p: Progress) -> Any:
            return engine.run_import(db, actor, source, mapping, dry_run=dry_run,
                                     progress=_Rate(p), cancel=lambda: p.cancelled)

        label = self.tr("Checking every row…") if dry_run else self.tr("Importing…")
        self.ctx.runner.run(work, on_done, on_failed, label=label, widget=self)

    def undo(self, batch_id: int, on_done: Any) -> None:
        ok, reason = engine.can_undo(self.ctx.db, batch_id)
        if not ok:
            QMessageBox.information(self, self.tr("Undo this import"), reason)
            return
        answer = QMessageBox.question(
            self, self.tr("Undo this import"),
            self.tr("Remove the customers and loans this import added and restore the values it "
               "changed? This is recorded in the audit trail."))
        if answer != QMessageBox.StandardButton.Yes:
            return

        def done(_counts: Any) -> None:
            self.ctx.signals.data_changed.emit(frozenset({"customers", "loans", "imports"}))
            on_done()

        self.ctx.runner.run(lambda _p: engine.undo_import(self.ctx.db, self.ctx.actor, batch_id),
                            done, lambda e: show_error(self, e), label=self.tr("Undoing…"),
                            widget=self)

    def reject(self) -> None:
        if self.currentPage() is self.result_page and self.result_page.finished:
            self.accept()
            return
        super().reject()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
