"""客户细分: segments x risk levels, customers and balances per cell; a click opens the
customer list filtered to the cell."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from crm.domain.enums import RiskLevel
from crm.queries.risk import SegmentCell, SegmentRow, segment_matrix
from crm.ui.context import AppContext

LEVELS = (RiskLevel.LOW, RiskLevel.MEDIUM, RiskLevel.HIGH, RiskLevel.CRITICAL)
TINT = {RiskLevel.LOW: "#eef6ee", RiskLevel.MEDIUM: "#eef2fa", RiskLevel.HIGH: "#fdf0e6",
        RiskLevel.CRITICAL: "#fbe9eb"}


def _cell_text(cell: SegmentCell) -> str:
    if not cell.count:
        return "—"
    wan = cell.balance / 10000
    return f"{cell.count:,} 户\n¥{wan:,.1f} 万"


class SegmentsPanel(QWidget):
    open_customer_list = Signal(dict)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.rows: list[SegmentRow] = []
        self.hint = QLabel(objectName="segmentHint", wordWrap=True)
        self.refresh_button = QPushButton(objectName="segmentRefresh")
        self.refresh_button.clicked.connect(self.refresh)
        self.table = QTableWidget(objectName="segmentMatrix")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.cellClicked.connect(self._on_cell_clicked)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.hint, 1)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.retranslate()
        ctx.signals.data_changed.connect(self._on_data_changed)
        self.refresh()

    def retranslate(self) -> None:
        self.hint.setText(self.tr("Customers and loan balances by segment and risk level. Click a "
                                  "cell to open the customer list filtered to it."))
        self.refresh_button.setText(self.tr("Refresh"))
        self._fill()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def refresh(self) -> None:
        actor = self.ctx.actor
        self.ctx.run(lambda uow, _p: segment_matrix(uow.session, actor), self._on_loaded,
                     widget=self)

    def _on_loaded(self, rows: list[SegmentRow]) -> None:
        self.rows = rows
        self._fill()

    def _on_data_changed(self, kinds: frozenset[str]) -> None:
        if kinds & {"customers", "risk"}:
            self.refresh()

    def _fill(self) -> None:
        headers = [lvl.label for lvl in LEVELS] + [self.tr("Not scored"), self.tr("Total"),
                                                   self.tr("Cadence"), self.tr("Strategy")]
        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            self.table.setVerticalHeaderItem(r, QTableWidgetItem(row.name or self.tr("No segment")))
            for c, level in enumerate((*LEVELS, None)):
                item = QTableWidgetItem(_cell_text(row.cells.get(level, SegmentCell())))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if level is not None and row.cells.get(level):
                    item.setBackground(self._brush(TINT[level]))
                item.setData(Qt.ItemDataRole.UserRole, (row.name, level.value if level else ""))
                self.table.setItem(r, c, item)
            total = QTableWidgetItem(_cell_text(row.total))
            total.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            total.setData(Qt.ItemDataRole.UserRole, (row.name, None))
            self.table.setItem(r, len(LEVELS) + 1, total)
            cadence = (self.tr("every %1 days").replace("%1", str(row.cadence_days))
                       if row.cadence_days else self.tr("as needed"))
            self.table.setItem(r, len(LEVELS) + 2, QTableWidgetItem(cadence))
            self.table.setItem(r, len(LEVELS) + 3, QTableWidgetItem(row.strategy))
        header = self.table.horizontalHeader()
        for c in range(len(LEVELS) + 3):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.resizeRowsToContents()

    @staticmethod
    def _brush(colour: str) -> Any:
        from PySide6.QtGui import QBrush, QColor
        return QBrush(QColor(colour))

    def _on_cell_clicked(self, row: int, column: int) -> None:
        item = self.table.item(row, column)
        data = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if not data or not data[0]:
            return
        segment, level = data
        flt: dict[str, Any] = {"segment": segment}
        if level:
            flt["risk_level"] = level
        self.open_customer_list.emit({"filter": flt})
