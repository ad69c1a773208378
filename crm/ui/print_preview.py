"""打印预览 / 打印 / 保存 PDF for generated documents (briefing sheets, visit packs).

The PDF is made on the worker with progress and Cancel. The preview shows that very file
(QtPdf's QPdfView draws its pages lazily, so a thousand-page pack opens at once), and
printing renders the same file's pages onto the printer: A4, two-sided when the printer
can. Printing also runs on the worker (QPainter may paint on a QPrinter off the GUI
thread), one page at a time.
"""
from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QRect, QSize, Signal
from PySide6.QtGui import QAction, QPainter, QPageLayout, QPageSize
from PySide6.QtWidgets import (
    QDialog, QFileDialog, QHBoxLayout, QLabel, QMenu, QMessageBox, QPushButton, QToolButton,
    QVBoxLayout, QWidget,
)

from crm.domain.actors import Permission
from crm.domain.errors import UserError
from crm.ui.context import AppContext
from crm.ui.errors import show_error
from crm.ui.runner import Progress

if TYPE_CHECKING:   # QtPdf and QtPrintSupport load when first used, not at start-up
    from PySide6.QtPrintSupport import QPrinter

PRINT_DPI = 300          # enough for 8.5 pt text on paper; rendering at the printer's 1200 is 16x
MakePdf = Callable[[Path, Progress], Any]


def a4_printer(printer: QPrinter | None = None) -> QPrinter:
    """A4 portrait, the whole sheet addressable, two-sided on the long edge if possible."""
    from PySide6.QtPrintSupport import QPrinter, QPrinterInfo
    printer = printer or QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)
    if printer.outputFormat() == QPrinter.OutputFormat.NativeFormat:
        modes = QPrinterInfo(printer).supportedDuplexModes()
        if QPrinter.DuplexMode.DuplexLongSide in modes:
            printer.setDuplex(QPrinter.DuplexMode.DuplexLongSide)
        elif QPrinter.DuplexMode.DuplexAuto in modes:
            printer.setDuplex(QPrinter.DuplexMode.DuplexAuto)
    return printer


def print_pdf(path: Path, printer: QPrinter, progress: Progress | None = None) -> int:
    """Paint every page of the PDF at `path` onto the printer; returns the pages printed.
    The document is loaded here, in the calling thread, and pages are rendered one at a
    time at no more than PRINT_DPI."""
    from PySide6.QtPdf import QPdfDocument
    doc = QPdfDocument()
    if doc.load(str(path)) != QPdfDocument.Error.None_:
        raise UserError(f"无法读取“{path.name}”，请重新生成。")
    pages = doc.pageCount()
    painter = QPainter()
    if not painter.begin(printer):
        doc.close()
        raise UserError("无法开始打印：打印机不可用或已被占用。")
    try:
        paper = printer.pageLayout().fullRectPixels(printer.resolution())
        dpi = min(printer.resolution(), PRINT_DPI)
        for i in range(pages):
            if progress is not None:
                progress.check()
                progress(i, pages, f"正在打印第 {i + 1} / {pages} 页…")
            if i:
                printer.newPage()
            points = doc.pagePointSize(i)
            size = QSize(round(points.width() / 72 * dpi), round(points.height() / 72 * dpi))
            image = doc.render(i, size)
            painter.drawImage(QRect(0, 0, paper.width(), paper.height()), image)
    finally:
        painter.end()
        doc.close()
    return pages


class PdfPreviewDialog(QDialog):
    """Shows the generated PDF as it will print; Print… and Save as PDF… act on that file.
    The file is a temporary copy: it is deleted when the dialog closes."""

    printed = Signal(int)

    def __init__(self, ctx: AppContext, path: Path, title: str, suggested: str,
                 parent: QWidget | None = None, owns_file: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("pdfPreview")
        self.ctx, self.path, self.title, self.suggested = ctx, path, title, suggested
        self.owns_file = owns_file
        from PySide6.QtPdf import QPdfDocument
        from PySide6.QtPdfWidgets import QPdfView
        self.document = QPdfDocument(self)
        self.document.load(str(path))
        self.view = QPdfView(self, objectName="pdfView")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        self.pages_label = QLabel(objectName="pdfPages")
        self.print_button = QPushButton(objectName="pdfPrint")
        self.print_button.clicked.connect(self.print_document)
        self.save_button = QPushButton(objectName="pdfSave")
        self.save_button.clicked.connect(self.save_copy)
        self.close_button = QPushButton(objectName="pdfClose")
        self.close_button.clicked.connect(self.reject)
        bar = QHBoxLayout()
        bar.addWidget(self.pages_label)
        bar.addStretch(1)
        for b in (self.print_button, self.save_button, self.close_button):
            bar.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self.resize(900, 1000)
        self.finished.connect(self._on_finished)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Print preview — %1").replace("%1", self.title))
        self.pages_label.setText(self.tr("%1 pages, A4").replace(
            "%1", str(self.document.pageCount())))
        self.print_button.setText(self.tr("Print…"))
        self.save_button.setText(self.tr("Save as PDF…"))
        self.close_button.setText(self.tr("Close"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def page_count(self) -> int:
        return self.document.pageCount()

    def print_document(self) -> None:
        start_printing(self.ctx, self, self.path, on_printed=self.printed.emit)

    def save_copy(self) -> None:
        target = ask_save_path(self, self.suggested)
        if target is None:
            return
        try:
            shutil.copyfile(self.path, target)
        except OSError as exc:
            show_error(self, UserError(f"无法保存到“{target}”：{exc.strerror or exc}"))
            return
        QMessageBox.information(self, self.tr("Saved"), self.tr("Saved to %1").replace(
            "%1", str(target)))

    def _on_finished(self, _result: int) -> None:
        self.document.close()
        if self.owns_file:
            shutil.rmtree(self.path.parent, ignore_errors=True)


def ask_save_path(parent: QWidget, suggested: str) -> Path | None:
    """The edge to the user for "save as" (tests replace it)."""
    path, _f = QFileDialog.getSaveFileName(
        parent, QCoreApplication.translate("PdfPreviewDialog", "Save as PDF"),
        str(Path.home() / suggested),
        QCoreApplication.translate("PdfPreviewDialog", "PDF document (*.pdf)"))
    if not path:
        return None
    return Path(path if path.lower().endswith(".pdf") else path + ".pdf")


def ask_folder(parent: QWidget) -> Path | None:
    """The edge to the user for "save into a folder" (tests replace it)."""
    path = QFileDialog.getExistingDirectory(
        parent, QCoreApplication.translate("PdfPreviewDialog", "Choose a folder for the PDFs"),
        str(Path.home()))
    return Path(path) if path else None


def fresh_folder(parent: Path, stem: str) -> Path:
    """parent/stem, or parent/stem (2), (3)... : the pack never writes into existing files."""
    candidate, n = parent / stem, 1
    while candidate.exists():
        n += 1
        candidate = parent / f"{stem} ({n})"
    return candidate


def ask_printer(parent: QWidget) -> QPrinter | None:
    """The print dialog (tests replace it); None when the user cancels."""
    from PySide6.QtPrintSupport import QPrintDialog
    printer = a4_printer()
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return a4_printer(printer)


def start_printing(ctx: AppContext, parent: QWidget, path: Path,
                   on_printed: Callable[[int], None] | None = None,
                   cleanup: bool = False) -> None:
    printer = ask_printer(parent)
    if printer is None:
        if cleanup:
            shutil.rmtree(path.parent, ignore_errors=True)
        return

    def done(pages: int) -> None:
        if cleanup:
            shutil.rmtree(path.parent, ignore_errors=True)
        if on_printed is not None:
            on_printed(pages)

    def failed(exc: BaseException) -> None:
        if cleanup:
            shutil.rmtree(path.parent, ignore_errors=True)
        show_error(parent, exc)

    ctx.runner.run(lambda p: print_pdf(path, printer, p), done, failed,
                   label=QCoreApplication.translate("PdfJob", "Printing…"), widget=parent)


class PdfJob:
    """Make a PDF in the background, then preview, print or save it."""

    def __init__(self, ctx: AppContext, parent: QWidget, make: MakePdf, title: str,
                 suggested: str) -> None:
        self.ctx, self.parent, self.make = ctx, parent, make
        self.title, self.suggested = title, suggested
        self.dialog: PdfPreviewDialog | None = None

    def _temp(self) -> Path:
        return Path(tempfile.mkdtemp(prefix="crm-print-")) / self.suggested

    def _run(self, path: Path, done: Callable[[Any], None], cleanup: bool) -> None:
        def failed(exc: BaseException) -> None:
            if cleanup:
                shutil.rmtree(path.parent, ignore_errors=True)
            show_error(self.parent, exc)
        self.ctx.runner.run(lambda p: self.make(path, p), done, failed,
                            label=QCoreApplication.translate("PdfJob", "Generating %1…")
                            .replace("%1", self.title),
                            widget=self.parent)

    def preview(self) -> None:
        path = self._temp()

        def show(_result: Any) -> None:
            self.dialog = PdfPreviewDialog(self.ctx, path, self.title, self.suggested,
                                           self.parent)
            self.dialog.open()
        self._run(path, show, cleanup=True)

    def print(self) -> None:
        path = self._temp()
        self._run(path, lambda _r: start_printing(self.ctx, self.parent, path, cleanup=True),
                  cleanup=True)

    def save(self) -> None:
        target = ask_save_path(self.parent, self.suggested)
        if target is None:
            return

        def saved(result: Any) -> None:
            pages = getattr(result, "pages", 0)
            QMessageBox.information(self.parent, self.title, QCoreApplication.translate(
                "PdfJob", "%1 pages saved to %2").replace("%1", str(pages))
                .replace("%2", str(target)))
        self._run(target, saved, cleanup=False)

    def save_folder(self) -> None:
        """One PDF per customer, in a new folder inside the one the user picks."""
        parent = ask_folder(self.parent)
        if parent is None:
            return
        target = fresh_folder(parent, Path(self.suggested).stem)

        def saved(result: Any) -> None:
            QMessageBox.information(self.parent, self.title, QCoreApplication.translate(
                "PdfJob", "%1 files (%2 pages) saved in %3")
                .replace("%1", str(len(getattr(result, "files", ()))))
                .replace("%2", str(getattr(result, "pages", 0))).replace("%3", str(target)))
        self._run(target, saved, cleanup=False)


class BriefingButton(QToolButton):
    """打印走访简报 / 生成走访资料包: a button whose menu previews, prints or saves the
    briefing of the customers `customer_ids()` returns (masked unless the user ticks
    "full phone numbers", which is audited)."""

    def __init__(self, ctx: AppContext, customer_ids: Callable[[], list[int]], pack: bool,
                 parent: QWidget | None = None,
                 file_hint: Callable[[], str] | None = None,
                 route: Callable[[], tuple[str, date] | None] | None = None) -> None:
        """`route`, when given, returns (username, day): the pack is that staff member's
        visits of the day in route order, with the route cover (customer_ids is ignored)."""
        super().__init__(parent)
        self.setObjectName("briefingPack" if pack else "briefingSheet")
        self.ctx, self.customer_ids, self.pack = ctx, customer_ids, pack
        self.route = route
        self.file_hint = file_hint or (lambda: "")
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setEnabled(ctx.actor.can(Permission.READ_CUSTOMERS))
        menu = QMenu(self)
        self.preview_action = QAction(menu, objectName="briefingPreview")
        self.print_action = QAction(menu, objectName="briefingPrint")
        self.save_action = QAction(menu, objectName="briefingSave")
        self.folder_action = QAction(menu, objectName="briefingFolder")
        self.reveal_action = QAction(menu, objectName="briefingReveal", checkable=True)
        self.reveal_action.setEnabled(ctx.actor.can(Permission.REVEAL))
        self.preview_action.triggered.connect(lambda: self._start("preview"))
        self.print_action.triggered.connect(lambda: self._start("print"))
        self.save_action.triggered.connect(lambda: self._start("save"))
        self.folder_action.triggered.connect(lambda: self._start("save_folder"))
        for action in (self.preview_action, self.print_action, self.save_action):
            menu.addAction(action)
        if pack:
            menu.addAction(self.folder_action)
        menu.addSeparator()
        menu.addAction(self.reveal_action)
        self.setMenu(menu)
        self.job: PdfJob | None = None
        self.retranslate()

    def retranslate(self) -> None:
        self.setText(self.tr("Make visit pack") if self.pack else self.tr("Print briefing"))
        self.setToolTip(self.tr("A briefing sheet for each selected customer, with a cover "
                                "and a summary table, as one PDF") if self.pack else
                        self.tr("The visit briefing sheet of this customer (A4)"))
        self.preview_action.setText(self.tr("Print preview…"))
        self.print_action.setText(self.tr("Print…"))
        self.save_action.setText(self.tr("Save as PDF…"))
        self.folder_action.setText(self.tr("Save one PDF per customer in a folder…"))
        self.reveal_action.setText(self.tr("Print full phone numbers (recorded in the audit "
                                           "trail)"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def make_job(self, per_customer: bool = False) -> PdfJob | None:
        if self.route is not None:
            return self._route_job(per_customer)
        ids = self.customer_ids()
        if not ids:
            QMessageBox.information(self, self.text(), self.tr(
                "Select one or more customers first."))
            return None
        db, actor, reveal = self.ctx.db, self.ctx.actor, self.reveal_action.isChecked()

        def make(path: Path, p: Progress) -> Any:
            from crm.reports.pack import BriefingRequest, make_briefing
            return make_briefing(db, actor, BriefingRequest(customer_ids=tuple(ids),
                                                            reveal=reveal,
                                                            per_customer=per_customer),
                                 path, progress=p, cancel=lambda: p.cancelled)
        stem = ("走访资料包" if len(ids) > 1 else "客户走访简报")
        hint = self.file_hint()
        suggested = f"{stem}_{hint}.pdf" if hint else f"{stem}.pdf"
        title = self.tr("visit pack") if len(ids) > 1 else self.tr("briefing sheet")
        return PdfJob(self.ctx, self.window(), make, title, _safe_file(suggested))

    def _route_job(self, per_customer: bool) -> PdfJob | None:
        chosen = self.route() if self.route is not None else None
        if chosen is None:
            QMessageBox.information(self, self.text(), self.tr(
                "Choose a staff member and a day with planned visits first."))
            return None
        staff, day = chosen
        db, actor, reveal = self.ctx.db, self.ctx.actor, self.reveal_action.isChecked()

        def make(path: Path, p: Progress) -> Any:
            from crm.reports.pack import BriefingRequest, make_briefing
            return make_briefing(db, actor, BriefingRequest(staff=staff, on=day, reveal=reveal,
                                                            per_customer=per_customer),
                                 path, progress=p, cancel=lambda: p.cancelled)
        suggested = _safe_file(f"走访资料包_{staff}_{day.isoformat()}.pdf")
        return PdfJob(self.ctx, self.window(), make, self.tr("visit pack"), suggested)

    def _start(self, how: str) -> None:
        job = self.make_job(per_customer=how == "save_folder")
        if job is None:
            return
        self.job = job
        getattr(job, how)()


def _safe_file(name: str) -> str:
    for ch in '\\/:*?"<>|':
        name = name.replace(ch, "_")
    return name


__all__ = ["BriefingButton", "PdfJob", "PdfPreviewDialog", "a4_printer", "ask_folder",
           "ask_printer", "ask_save_path", "fresh_folder", "print_pdf", "start_printing"]
