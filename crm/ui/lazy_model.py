"""A lazy table model over a keyset-paged query: rows arrive page by page as the view scrolls.

The model never asks for the whole table. `fetch(after, limit)` returns one page and the
cursor to continue from (None at the end); sorting asks the database again from the top,
so a million rows sort in SQL, not here. Rows are frozen records described by columns.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt, Signal,
)

from crm.ui.table_model import display

Index = QModelIndex | QPersistentModelIndex
Fetch = Callable[[Any, int], tuple[list[Any], Any]]   # (cursor | None, limit) -> (rows, next)
IdRole = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class LazyColumn:
    key: str                         # stable id: settings, sort key for the query
    title: str                       # English source, QT_TRANSLATE_NOOP("Columns", ...)
    value: Callable[[Any], Any]
    numeric: bool = False
    sortable: bool = True


class LazyTableModel(QAbstractTableModel):
    """fetchMore-driven; `reset(fetch)` starts over (new filter or sort)."""

    failed = Signal(object)          # an exception from fetch, shown by the page

    def __init__(self, columns: Sequence[LazyColumn], page_size: int = 200) -> None:
        super().__init__()
        self.columns = list(columns)
        self.page_size = page_size
        self.rows: list[Any] = []
        self._fetch: Fetch | None = None
        self._cursor: Any = None
        self._more = False
        self.sort_key = ""
        self.descending = False
        self.decorate: Callable[[Any, int], Any] | None = None   # (row, role) -> value | None

    # -- loading ------------------------------------------------------------------------------
    def reset(self, fetch: Fetch | None) -> None:
        self.beginResetModel()
        self.rows = []
        self._fetch = fetch
        self._cursor = None
        self._more = fetch is not None
        self.endResetModel()
        if self._more:
            self.fetchMore(QModelIndex())

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802 - Qt override
        return not parent.isValid() and self._more

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: N802 - Qt override
        if parent.isValid() or not self._more or self._fetch is None:
            return
        try:
            rows, cursor = self._fetch(self._cursor, self.page_size)
        except Exception as exc:  # noqa: BLE001 - reported by the page, the model stays usable
            self._more = False
            self.failed.emit(exc)
            return
        self._cursor = cursor
        self._more = cursor is not None and len(rows) > 0
        if rows:
            first = len(self.rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self.rows.extend(rows)
            self.endInsertRows()

    def fetch_until(self, count: int) -> None:
        while len(self.rows) < count and self.canFetchMore():
            self.fetchMore()

    # -- reading ------------------------------------------------------------------------------
    def record(self, row: int) -> Any:
        return self.rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows)) \
                or not (0 <= index.column() < len(self.columns)):
            return None
        row = self.rows[index.row()]
        col = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return display(col.value(row))
        if role == Qt.ItemDataRole.TextAlignmentRole and col.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == IdRole:
            return getattr(row, "id", None)
        if self.decorate is not None and role in (Qt.ItemDataRole.ForegroundRole,
                                                  Qt.ItemDataRole.ToolTipRole):
            return self.decorate(row, role)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("Columns", self.columns[section].title)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    # -- sorting: the view asks, the page re-queries ------------------------------------------
    sort_requested = Signal(str, bool)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns) or not self.columns[column].sortable:
            return
        key = self.columns[column].key
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self.sort_key, self.descending):
            return
        self.sort_key, self.descending = key, descending
        self.sort_requested.emit(key, descending)

    def retranslate(self) -> None:
        if self.columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
