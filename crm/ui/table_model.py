"""A read-only table model over a list of frozen records, described by columns."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractTableModel, QAbstractItemModel, QCoreApplication, QModelIndex,
    QPersistentModelIndex, Qt,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

LOCAL = ZoneInfo("Asia/Shanghai")
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    title: str                       # English source, QT_TRANSLATE_NOOP("Columns", ...)
    value: Callable[[Any], Any]      # record -> raw value (used for sorting)
    numeric: bool = False


def display(value: Any) -> str:
    """Times in Asia/Shanghai, money with thousands separators, enums by their Chinese label."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.astimezone(LOCAL).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    if isinstance(value, bool):
        return "是" if value else "否"
    label = getattr(value, "label", None)
    return str(label) if label is not None else str(value)


class RecordTableModel(QAbstractTableModel):
    def __init__(self, columns: Sequence[Column]) -> None:
        super().__init__()
        self.columns = list(columns)
        self.records: list[Any] = []

    def set_records(self, records: Sequence[Any]) -> None:
        self.beginResetModel()
        self.records = list(records)
        self.endResetModel()

    def append_records(self, records: Sequence[Any]) -> None:
        if not records:
            return
        first = len(self.records)
        self.beginInsertRows(QModelIndex(), first, first + len(records) - 1)
        self.records.extend(records)
        self.endInsertRows()

    def record(self, row: int) -> Any:
        return self.records[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.records)):
            return None
        col = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return display(col.value(self.records[index.row()]))
        if role == Qt.ItemDataRole.TextAlignmentRole and col.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self.columns)):
            return QCoreApplication.translate("Columns", self.columns[section].title)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        key = self.columns[column].value

        def sort_key(rec: Any) -> tuple[bool, Any]:
            v = key(rec)
            v = getattr(v, "label", v)
            return (v is None, v if v is not None else 0)

        self.layoutAboutToBeChanged.emit()
        self.records.sort(key=sort_key, reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()

    def retranslate(self) -> None:
        if self.columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)


def record_view(model: QAbstractItemModel, name: str, sortable: bool = True) -> QTableView:
    """The read-only list every page shows: whole-row single selection, no editing,
    alternating rows, resizable columns with the last one stretched, no row numbers."""
    view = QTableView(objectName=name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    view.verticalHeader().hide()
    view.setSortingEnabled(sortable)
    return view
